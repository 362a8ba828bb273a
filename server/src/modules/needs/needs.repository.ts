import mongoose, { Types, type Connection, type Model } from 'mongoose';
import type { NeedCategory, NeedStatus } from '@tongxin/shared';
import { needModel, type NeedRecord, type ShiftRecord } from './needs.model';

export type { NeedRecord, ShiftRecord };

export type NewNeed = Omit<NeedRecord, '_id' | 'shifts' | 'createdAt' | 'updatedAt' | 'status'> & {
  shifts: Array<Omit<ShiftRecord, '_id'>>;
};

/** Top-level equalities on indexed fields only: everything else is filtered in memory (needs.search.ts). */
export interface NeedFilter {
  communityCode?: string;
  districtCode?: string;
  category?: NeedCategory;
  ruralProjectId?: string;
}

/**
 * Needs and their shifts. Writes here are organizer actions, rare per need; the contended part
 * (places on shifts) lives in ShiftSeats. Operators written here are marked `trusted`: the global
 * `sanitizeFilter` neutralizes all others.
 */
export class NeedsRepository {
  private readonly needs: Model<NeedRecord>;

  constructor(connection: Connection) {
    this.needs = needModel(connection);
  }

  async insert(need: NewNeed, status: 'draft' | 'open'): Promise<NeedRecord> {
    const shifts = need.shifts.map((s) => ({ ...s, _id: new Types.ObjectId() }));
    const created = await this.needs.create({ ...need, shifts, status });
    return created.toObject();
  }

  async findById(id: string): Promise<NeedRecord | null> {
    return this.needs.findById(id).lean<NeedRecord>().exec();
  }

  /**
   * Every open need matching plain equalities: the development store's fast path (FerretDB 1.24
   * pushes no range or geo filter down). Issue 4's in-memory matching index serves search at city scale.
   */
  async findOpen(filter: NeedFilter): Promise<NeedRecord[]> {
    return this.needs.find({ status: 'open', ...filter }).lean<NeedRecord[]>().exec();
  }

  /** Moves the need between stored statuses; null when it was in none of `from`. */
  async setStatus(id: Types.ObjectId, from: NeedStatus[], to: NeedStatus, set: Partial<NeedRecord> = {}) {
    return this.needs
      .findOneAndUpdate({ _id: id, status: mongoose.trusted({ $in: from }) }, { $set: { ...set, status: to } }, { returnDocument: 'after' })
      .lean<NeedRecord>()
      .exec();
  }

  /** Sets a shift's times and capacity; the shift is addressed by position (FerretDB 1.24 has no positional `$`). */
  async setShift(needId: Types.ObjectId, index: number, shift: Omit<ShiftRecord, '_id'>): Promise<NeedRecord | null> {
    const at = `shifts.${index}`;
    return this.needs
      .findOneAndUpdate(
        { _id: needId },
        { $set: { [`${at}.startsAt`]: shift.startsAt, [`${at}.endsAt`]: shift.endsAt, [`${at}.capacity`]: shift.capacity } },
        { returnDocument: 'after' },
      )
      .lean<NeedRecord>()
      .exec();
  }
}
