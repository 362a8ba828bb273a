import { Types } from 'mongoose';
import {
  divisionCodeOf, findRegion, rooms,
  type Actor, type CreateNeedInput, type ListNeedsQuery, type NeedSearchItem, type NeedView, type Page,
} from '@tongxin/shared';
import { authorize, can } from '../access';
import { ConflictError, NotFoundError, ValidationError } from '../../platform/errors';
import type { Notifier } from '../../platform/notifier';
import type { Redis } from '../../platform/redis';
import type { DomainEventBus } from '../domain-events';
import type { NeedEventBus } from './needs.events';
import type { NeedRecord, NeedsRepository, ShiftRecord } from './needs.repository';
import { decodeCursor, pageAfter, rankNeeds } from './needs.search';
import type { NeedPresenter } from './needs.view';
import { postedFacts, type OpenNeedShifts } from './need-facts';
import type { ShiftSeats } from './shift-seats';

/** Checks that other modules answer for needs linked to their records (wired by the composition root). */
export interface NeedLinks {
  /** Throws unless the actor may link a need in `communityCode` to the rural project. */
  ruralProject(actor: Actor, ruralProjectId: string, communityCode: string): Promise<void>;
}

/** A shift located inside its need, as sign-up needs it. */
export interface ShiftSlot {
  need: NeedRecord;
  shift: ShiftRecord;
}

/** An open need that has waited since `postedAt` with places still free on its upcoming shifts. */
export interface UnfilledNeed {
  needId: string;
  title: string;
  communityCode: string;
  postedAt: Date;
  placesOpen: number;
  nextShiftStartsAt: Date;
}

export class NeedsService {
  constructor(
    private readonly repository: NeedsRepository,
    private readonly seats: ShiftSeats,
    private readonly presenter: NeedPresenter,
    private readonly events: NeedEventBus,
    private readonly notifier: Notifier,
    /** For the `seq` of slot events; keys under `prefix`. */
    private readonly redis: { client: Redis; prefix: string },
    private readonly domainEvents: DomainEventBus,
    private readonly now: () => Date = () => new Date(),
  ) {}

  /** Set once by the composition root, before the first request. */
  links: NeedLinks | undefined;

  private requireLinks(): NeedLinks {
    if (!this.links) throw new Error('need links are not wired');
    return this.links;
  }

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
    if (input.ruralProjectId) await this.requireLinks().ruralProject(actor, input.ruralProjectId, input.communityCode);
    const { publish, recurrence, ...fields } = input;
    const postedByOrganization = !can(actor, 'need:create', { communityCode: input.communityCode }) ? actor.scopes.organizationId : undefined;
    const need = await this.repository.insert({
      ...fields,
      districtCode: divisionCodeOf(input.communityCode),
      ...(postedByOrganization ? { organizationId: postedByOrganization } : {}),
      shifts: weeklyShifts(input.shifts, recurrence?.weeks ?? 1),
      createdBy: new Types.ObjectId(actor.userId),
    }, publish ? 'open' : 'draft');
    await this.seats.initialize(need.shifts.map((s) => s._id.toHexString()));
    await this.events.publish('shiftsCreated', {
      needId: need._id.toHexString(),
      shifts: need.shifts.map((s) => ({ shiftId: s._id.toHexString(), endsAt: s.endsAt })),
    });
    if (need.status === 'open') {
      await this.domainEvents.publish('need:posted', { ...postedFacts(need), at: need.createdAt });
    }
    return this.presenter.present(need);
  }

  /** Search over open needs; see needs.search.ts for filtering, ordering and the cursor. */
  async listOpenNeeds(actor: Actor, query: ListNeedsQuery): Promise<Page<NeedSearchItem>> {
    authorize(actor, 'need:read');
    const cursor = query.cursor ? decodeCursor(query.cursor, query.sort) : undefined;
    const { communityCode, districtCode, category, ruralProjectId } = query;
    const needs = await this.repository.findOpen({
      ...(communityCode ? { communityCode } : {}), ...(districtCode ? { districtCode } : {}), ...(category ? { category } : {}),
      ...(ruralProjectId ? { ruralProjectId } : {}),
    });
    const ranked = rankNeeds(needs, {
      ...(query.near ? { near: query.near } : {}),
      ...(query.skill ? { skill: query.skill } : {}),
      ...(query.from ? { from: new Date(query.from) } : {}),
      ...(query.to ? { to: new Date(query.to) } : {}),
      radiusKm: query.radiusKm,
      sort: query.sort,
    }, this.now());
    const page = pageAfter(ranked, query.sort, query.limit, cursor);
    const views = await this.presenter.presentMany(page.items.map((r) => r.need));
    const items = views.map((view, i) => {
      const { nextShiftStartsAt, distanceMetres } = page.items[i]!;
      return {
        ...view,
        nextShiftStartsAt: nextShiftStartsAt.toISOString(),
        ...(distanceMetres !== undefined ? { distanceKm: Math.round(distanceMetres / 10) / 100 } : {}),
      };
    });
    return { items, nextCursor: page.nextCursor };
  }

  /** Open needs with their upcoming shifts (the store's open needs; one read), for read models that count places live. */
  async listOpenUpcoming(): Promise<OpenNeedShifts[]> {
    const now = this.now().getTime();
    return (await this.repository.findOpen({})).flatMap((need) => {
      const facts = postedFacts(need);
      const shiftPlaces = facts.shiftPlaces.filter((s) => s.startsAt.getTime() > now);
      return shiftPlaces.length ? [{ needId: facts.needId, title: facts.title, communityCode: facts.communityCode, postedAt: need.createdAt, shiftPlaces }] : [];
    });
  }

  /** Places taken per shift, live (Redis; a missing counter is rebuilt from the seats). */
  seatsTaken(shiftIds: string[]): Promise<Map<string, number>> {
    return this.seats.taken(shiftIds);
  }

  /** Open needs posted before `postedBefore` whose upcoming shifts still have places (statistics' gap alerts). */
  async listUnfilled(postedBefore: Date): Promise<UnfilledNeed[]> {
    const waiting = (await this.listOpenUpcoming()).filter((n) => n.postedAt.getTime() < postedBefore.getTime());
    const taken = await this.seats.taken(waiting.flatMap((n) => n.shiftPlaces.map((s) => s.shiftId)));
    return waiting.flatMap(({ shiftPlaces, ...need }) => {
      const placesOpen = shiftPlaces.reduce((sum, s) => sum + Math.max(0, s.capacity - (taken.get(s.shiftId) ?? 0)), 0);
      if (placesOpen === 0) return [];
      return [{ ...need, placesOpen, nextShiftStartsAt: new Date(Math.min(...shiftPlaces.map((s) => s.startsAt.getTime()))) }];
    });
  }

  async getNeed(actor: Actor, needId: string): Promise<NeedView> {
    authorize(actor, 'need:read');
    return this.presenter.present(await this.requireNeed(needId));
  }

  /** Finds a shift that can take sign-ups now, or explains why not. */
  async openShift(needId: string, shiftId: string): Promise<ShiftSlot> {
    const need = await this.requireNeed(needId);
    const shift = need.shifts.find((s) => s._id.toHexString() === shiftId);
    if (!shift) throw new NotFoundError('班次不存在');
    if (need.status !== 'open') throw new ConflictError('NEED_NOT_OPEN');
    if (shift.startsAt.getTime() <= this.now().getTime()) throw new ConflictError('SHIFT_STARTED');
    return { need, shift };
  }

  /** Whether every place is taken, by the live count (a hint: `claimSeat` is what decides). */
  async isFull({ shift }: ShiftSlot): Promise<boolean> {
    const id = shift._id.toHexString();
    return ((await this.seats.taken([id])).get(id) ?? 0) >= shift.capacity;
  }

  /** Takes a place on the shift for the enrollment; the seat number, or null when none is left. */
  async claimSeat({ need, shift }: ShiftSlot, enrollmentId: string): Promise<number | null> {
    const seat = await this.seats.claim(shift._id, shift.capacity, enrollmentId);
    if (seat !== null) await this.publishSeats(need._id, shift);
    return seat;
  }

  async releaseSeat(needId: Types.ObjectId, shiftId: Types.ObjectId, seat: number, enrollmentId: string): Promise<void> {
    if (!(await this.seats.release(shiftId, seat, enrollmentId))) return;
    const need = await this.repository.findById(needId.toHexString());
    const shift = need?.shifts.find((s) => s._id.equals(shiftId));
    if (need && shift) await this.publishSeats(need._id, shift);
  }

  /** Where and when a shift happens, for check-in; null when the need or shift does not exist. */
  async findShiftPlace(needId: string, shiftId: string) {
    const need = Types.ObjectId.isValid(needId) ? await this.repository.findById(needId) : null;
    const shift = need?.shifts.find((s) => s._id.toHexString() === shiftId);
    if (!need || !shift) return null;
    return {
      title: need.title,
      postedBy: need.createdBy.toHexString(),
      communityCode: need.communityCode,
      category: need.category,
      ...(need.location ? { location: need.location } : {}),
      startsAt: shift.startsAt,
      endsAt: shift.endsAt,
    };
  }

  private async publishSeats(needId: Types.ObjectId, shift: ShiftRecord): Promise<void> {
    const id = needId.toHexString();
    const shiftId = shift._id.toHexString();
    const [taken, seq] = await Promise.all([
      this.seats.taken([shiftId]).then((m) => m.get(shiftId) ?? 0),
      this.redis.client.incr(`${this.redis.prefix}:need-seq:${id}`),
    ]);
    this.notifier.emit(rooms.need(id), 'need:slots', {
      needId: id, shiftId, capacity: shift.capacity, enrolled: taken, slotsLeft: Math.max(0, shift.capacity - taken), seq,
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
