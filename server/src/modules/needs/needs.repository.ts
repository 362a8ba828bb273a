import mongoose, { Types, type Connection, type Model } from 'mongoose';
import type { NeedCategory, NeedStatus } from '@tongxin/shared';
import { needModel, type NeedRecord, type ShiftRecord } from './needs.model';

export type { NeedRecord, ShiftRecord };

export type NewNeed = Omit<NeedRecord, '_id' | 'shifts' | 'version' | 'createdAt' | 'updatedAt' | 'status'> & {
  shifts: Array<Pick<ShiftRecord, 'startsAt' | 'endsAt' | 'capacity'>>;
};

export interface NeedFilter {
  communityCode?: string;
  category?: NeedCategory;
  /** Exclusive upper bound on `_id` (the page cursor). */
  before?: Types.ObjectId;
}

/** Seat counts of one shift after a change, with the need's new version. */
export interface SeatChange {
  shift: ShiftRecord;
  version: number;
}

export class NeedsRepository {
  private readonly needs: Model<NeedRecord>;

  constructor(connection: Connection) {
    this.needs = needModel(connection);
  }

  async insert(need: NewNeed, status: 'draft' | 'open'): Promise<NeedRecord> {
    const shifts = need.shifts.map((s) => ({ ...s, _id: new Types.ObjectId(), enrolled: 0, slotsLeft: s.capacity }));
    const created = await this.needs.create({ ...need, shifts, status, version: 0 });
    return created.toObject();
  }

  /** Moves the need between stored statuses atomically; null when it was in none of `from`. */
  async setStatus(id: Types.ObjectId, from: NeedStatus[], to: NeedStatus, set: Partial<NeedRecord> = {}) {
    return this.needs
      .findOneAndUpdate({ _id: id, status: mongoose.trusted({ $in: from }) }, { $set: { ...set, status: to } }, { returnDocument: 'after' })
      .lean<NeedRecord>()
      .exec();
  }

  /**
   * Moves a shift and changes its capacity by `capacityDelta` in one guarded update: capacity can
   * shrink only by places that are still free, so sign-ups already made stay within capacity.
   */
  async reshapeShift(needId: Types.ObjectId, index: number, shiftId: Types.ObjectId, times: { startsAt: Date; endsAt: Date }, capacityDelta: number) {
    const at = `shifts.${index}`;
    return this.needs
      .findOneAndUpdate(
        { _id: needId, [`${at}._id`]: shiftId, [`${at}.slotsLeft`]: mongoose.trusted({ $gte: Math.max(0, -capacityDelta) }) },
        {
          $set: { [`${at}.startsAt`]: times.startsAt, [`${at}.endsAt`]: times.endsAt },
          $inc: { [`${at}.capacity`]: capacityDelta, [`${at}.slotsLeft`]: capacityDelta, version: 1 },
        },
        { returnDocument: 'after' },
      )
      .lean<NeedRecord>()
      .exec();
  }

  async findById(id: string): Promise<NeedRecord | null> {
    return this.needs.findById(id).lean<NeedRecord>().exec();
  }

  async listOpen(filter: NeedFilter, limit: number): Promise<NeedRecord[]> {
    const query: Record<string, unknown> = { status: 'open' };
    if (filter.communityCode) query.communityCode = filter.communityCode;
    if (filter.category) query.category = filter.category;
    if (filter.before) query._id = mongoose.trusted({ $lt: filter.before });
    return this.needs.find(query).sort({ _id: -1 }).limit(limit).lean<NeedRecord[]>().exec();
  }

  /**
   * Takes one seat on a shift in a single atomic update guarded by `slotsLeft > 0`; returns null when
   * the shift is full or the need is not open. The shift is addressed by its position (positional
   * `$` and arrayFilters are unavailable on FerretDB 1.24) and its id is checked in the same filter.
   * Operators written here are marked `trusted`: the global `sanitizeFilter` neutralizes all others.
   */
  async claimSeat(needId: Types.ObjectId, shiftIndex: number, shiftId: Types.ObjectId): Promise<SeatChange | null> {
    return this.moveSeat({ _id: needId, status: 'open', [`shifts.${shiftIndex}._id`]: shiftId,
      [`shifts.${shiftIndex}.slotsLeft`]: mongoose.trusted({ $gt: 0 }) }, shiftIndex, -1);
  }

  /** Gives a seat back (cancellation, or a sign-up that lost a race after claiming). */
  async releaseSeat(needId: Types.ObjectId, shiftIndex: number, shiftId: Types.ObjectId): Promise<SeatChange | null> {
    return this.moveSeat({ _id: needId, [`shifts.${shiftIndex}._id`]: shiftId,
      [`shifts.${shiftIndex}.enrolled`]: mongoose.trusted({ $gt: 0 }) }, shiftIndex, +1);
  }

  private async moveSeat(filter: Record<string, unknown>, shiftIndex: number, slotDelta: 1 | -1): Promise<SeatChange | null> {
    const updated = await this.needs
      .findOneAndUpdate(
        filter,
        { $inc: { [`shifts.${shiftIndex}.slotsLeft`]: slotDelta, [`shifts.${shiftIndex}.enrolled`]: -slotDelta, version: 1 } },
        { returnDocument: 'after' },
      )
      .lean<NeedRecord>()
      .exec();
    const shift = updated?.shifts[shiftIndex];
    return updated && shift ? { shift, version: updated.version } : null;
  }
}
