import { Types } from 'mongoose';
import {
  divisionCodeOf, findRegion, rooms,
  type Actor, type CreateNeedInput, type ListNeedsQuery, type NeedView, type Page,
} from '@tongxin/shared';
import { authorize, can } from '../access';
import { ConflictError, NotFoundError, ValidationError } from '../../platform/errors';
import type { Notifier } from '../../platform/notifier';
import type { NeedRecord, NeedsRepository, SeatChange, ShiftRecord } from './needs.repository';
import { toNeedView } from './needs.view';

/** A shift located inside its need, as sign-up needs it. */
export interface ShiftSlot {
  need: NeedRecord;
  shift: ShiftRecord;
  shiftIndex: number;
}

export class NeedsService {
  constructor(
    private readonly repository: NeedsRepository,
    private readonly notifier: Notifier,
    private readonly now: () => Date = () => new Date(),
  ) {}

  async createNeed(actor: Actor, input: CreateNeedInput): Promise<NeedView> {
    authorize(actor, 'need:create', { communityCode: input.communityCode, organizationId: actor.scopes.organizationId });
    if (findRegion(input.communityCode)?.level !== 'community') {
      throw new ValidationError([{ path: 'communityCode', message: '社区不存在' }]);
    }
    const now = this.now().getTime();
    input.shifts.forEach((shift, i) => {
      if (Date.parse(shift.startsAt) <= now) {
        throw new ValidationError([{ path: `shifts.${i}.startsAt`, message: '开始时间须晚于现在' }]);
      }
    });
    const { publish, recurrence, ...fields } = input;
    const postedByOrganization = !can(actor, 'need:create', { communityCode: input.communityCode }) ? actor.scopes.organizationId : undefined;
    const need = await this.repository.insert({
      ...fields,
      districtCode: divisionCodeOf(input.communityCode),
      ...(postedByOrganization ? { organizationId: postedByOrganization } : {}),
      shifts: weeklyShifts(input.shifts, recurrence?.weeks ?? 1),
      createdBy: new Types.ObjectId(actor.userId),
    }, publish ? 'open' : 'draft');
    return toNeedView(need);
  }

  async listOpenNeeds(actor: Actor, query: ListNeedsQuery): Promise<Page<NeedView>> {
    authorize(actor, 'need:read');
    const needs = await this.repository.listOpen(
      {
        ...(query.communityCode ? { communityCode: query.communityCode } : {}),
        ...(query.category ? { category: query.category } : {}),
        ...(query.cursor ? { before: parseCursor(query.cursor) } : {}),
      },
      query.limit + 1,
    );
    const items = needs.slice(0, query.limit).map(toNeedView);
    const last = items.at(-1);
    return { items, nextCursor: needs.length > query.limit && last ? last.id : null };
  }

  async getNeed(actor: Actor, needId: string): Promise<NeedView> {
    authorize(actor, 'need:read');
    return toNeedView(await this.requireNeed(needId));
  }

  /** Finds a shift that can take sign-ups now, or explains why not. */
  async openShift(needId: string, shiftId: string): Promise<ShiftSlot> {
    const need = await this.requireNeed(needId);
    const shiftIndex = need.shifts.findIndex((s) => s._id.toHexString() === shiftId);
    const shift = need.shifts[shiftIndex];
    if (!shift) throw new NotFoundError('班次不存在');
    if (need.status !== 'open') throw new ConflictError('NEED_NOT_OPEN');
    if (shift.startsAt.getTime() <= this.now().getTime()) throw new ConflictError('SHIFT_STARTED');
    return { need, shift, shiftIndex };
  }

  async claimSeat(slot: ShiftSlot): Promise<SeatChange> {
    const change = await this.repository.claimSeat(slot.need._id, slot.shiftIndex, slot.shift._id);
    if (!change) throw new ConflictError('SHIFT_FULL');
    this.publishSeats(slot.need._id, change);
    return change;
  }

  async releaseSeat(needId: Types.ObjectId, shiftId: Types.ObjectId): Promise<void> {
    const need = await this.repository.findById(needId.toHexString());
    const shiftIndex = need?.shifts.findIndex((s) => s._id.equals(shiftId)) ?? -1;
    if (!need || shiftIndex < 0) return;
    const change = await this.repository.releaseSeat(need._id, shiftIndex, shiftId);
    if (change) this.publishSeats(need._id, change);
  }

  /** Where and when a shift happens, for check-in; null when the need or shift does not exist. */
  async findShiftPlace(needId: string, shiftId: string) {
    const need = Types.ObjectId.isValid(needId) ? await this.repository.findById(needId) : null;
    const shift = need?.shifts.find((s) => s._id.toHexString() === shiftId);
    if (!need || !shift) return null;
    return {
      communityCode: need.communityCode,
      category: need.category,
      ...(need.location ? { location: need.location } : {}),
      startsAt: shift.startsAt,
      endsAt: shift.endsAt,
    };
  }

  private publishSeats(needId: Types.ObjectId, { shift, version }: SeatChange): void {
    const id = needId.toHexString();
    this.notifier.emit(rooms.need(id), 'need:slots', {
      needId: id,
      shiftId: shift._id.toHexString(),
      capacity: shift.capacity,
      enrolled: shift.enrolled,
      slotsLeft: shift.slotsLeft,
      seq: version,
    });
  }

  private async requireNeed(needId: string): Promise<NeedRecord> {
    const need = Types.ObjectId.isValid(needId) ? await this.repository.findById(needId) : null;
    if (!need) throw new NotFoundError('需求不存在');
    return need;
  }
}

const WEEK_MS = 7 * 86_400_000;
const MAX_SHIFTS = 60;

/** The given shifts, repeated weekly `weeks` times in all (the weekly rule, materialized up front). */
function weeklyShifts(shifts: CreateNeedInput['shifts'], weeks: number) {
  if (shifts.length * weeks > MAX_SHIFTS) {
    throw new ValidationError([{ path: 'recurrence.weeks', message: `重复后班次不能超过 ${MAX_SHIFTS} 个` }]);
  }
  return Array.from({ length: weeks }, (_, week) => shifts.map((s) => ({
    startsAt: new Date(Date.parse(s.startsAt) + week * WEEK_MS),
    endsAt: new Date(Date.parse(s.endsAt) + week * WEEK_MS),
    capacity: s.capacity,
  }))).flat().sort((a, b) => a.startsAt.getTime() - b.startsAt.getTime());
}

function parseCursor(cursor: string): Types.ObjectId {
  if (!/^[a-f0-9]{24}$/.test(cursor)) throw new ValidationError([{ path: 'cursor', message: '分页游标不正确' }]);
  return new Types.ObjectId(cursor);
}
