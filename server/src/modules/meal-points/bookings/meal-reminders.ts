import { MEALS, shanghaiInstant, type NotificationKind } from '@tongxin/shared';
import type { DueIndex } from '../../../platform/due-index';
import { routed } from '../../../platform/due-index';
import type { MealPointRecord } from '../meal-points.model';
import type { MealPointsService } from '../meal-points.service';
import type { MealBookingRecord } from './meal-bookings.repository';
import type { MealBookingsService } from './meal-bookings.service';

/** What meal-point notices go through: the notifications module's inbox (ids derived from the event, stored once). */
export interface MealInbox {
  deliver(userId: string, notice: {
    id: string; kind: NotificationKind; title: string; body: string; data: Record<string, string>; urgent?: boolean;
  }): Promise<string>;
}

/** This module's route in the shared due-time index. */
export const MEAL_REMINDER_ROUTE = 'meal';

export type MealReminderKind = 'cutoff' | 'meal';

/** The cut-off reminder falls due this long before the booking cut-off; the meal reminder this long before serving starts. */
const LEAD_MS: Record<MealReminderKind, number> = { cutoff: 60 * 60_000, meal: 60 * 60_000 };
const KINDS = Object.keys(LEAD_MS) as MealReminderKind[];

export const mealReminderMember = (bookingId: string, kind: MealReminderKind) => routed(MEAL_REMINDER_ROUTE, `${bookingId}|${kind}`);

export type MealReminderOutcome = 'sent' | 'already-sent' | 'skipped' | 'deferred' | 'disabled';

/**
 * Reminders to whoever booked a meal: before the booking cut-off (last chance to cancel) and before
 * serving starts (pick up, or expect the delivery). They live in the notifications module's due-time
 * index under this module's route, are removed when the booking closes (cancelled, served, ...), and
 * reach the inbox under `meal-reminder:<bookingId>:<kind>`, so a repeated batch stores nothing twice.
 */
export class MealReminders {
  constructor(
    private readonly index: DueIndex,
    private readonly points: MealPointsService,
    private readonly bookings: () => MealBookingsService,
    private readonly inbox: MealInbox,
    private readonly now: () => Date = () => new Date(),
  ) {
    index.route(MEAL_REMINDER_ROUTE, (member) => this.deliver(member));
  }

  /** When `kind` falls due for the booking at this point, ms. */
  dueMs(booking: Pick<MealBookingRecord, 'date' | 'meal' | 'bookingCutoffAt'>, point: MealPointRecord, kind: MealReminderKind): number | null {
    if (kind === 'cutoff') return booking.bookingCutoffAt.getTime() - LEAD_MS.cutoff;
    const service = point.meals.find((m) => m.meal === booking.meal);
    return service ? shanghaiInstant(booking.date, service.servesFrom).getTime() - LEAD_MS.meal : null;
  }

  /** Idempotent (a `ZADD` per kind); a reminder whose time has passed is not scheduled. */
  async schedule(booking: MealBookingRecord): Promise<void> {
    const point = await this.points.require(booking.pointId);
    for (const kind of KINDS) {
      const due = this.dueMs(booking, point, kind);
      if (due !== null && due > this.now().getTime()) await this.index.put(mealReminderMember(booking._id.toHexString(), kind), due);
    }
  }

  async cancel(bookingId: string): Promise<void> {
    await this.index.remove(...KINDS.map((kind) => mealReminderMember(bookingId, kind)));
  }

  async scheduledAt(bookingId: string, kind: MealReminderKind): Promise<Date | null> {
    return this.index.dueAt(mealReminderMember(bookingId, kind));
  }

  /**
   * One due reminder: to the booker's inbox while the booking is live and what it announces is still
   * ahead (the cut-off, or the end of serving). Not tied to the exact due time: an operator's edit of
   * serving hours does not move scheduled reminders, and a reminder drained late is still worth sending.
   */
  async deliver(member: string): Promise<MealReminderOutcome> {
    const [bookingId, kind] = member.split('|') as [string, MealReminderKind | undefined];
    if (!kind || !KINDS.includes(kind)) return 'skipped';
    const booking = await this.bookings().find(bookingId);
    if (!booking || booking.status !== 'booked') return 'skipped';
    const until = kind === 'cutoff' ? booking.bookingCutoffAt : booking.servesUntilAt;
    if (this.now().getTime() >= until.getTime()) return 'skipped';
    const point = await this.points.require(booking.pointId);
    const outcome = await this.inbox.deliver(booking.bookedBy, noticeOf(booking, point, kind));
    return outcome === 'delivered' ? 'sent' : outcome === 'duplicate' ? 'already-sent' : outcome as MealReminderOutcome;
  }
}

function noticeOf(booking: MealBookingRecord, point: MealPointRecord, kind: MealReminderKind) {
  const id = booking._id.toHexString();
  const meal = MEALS.find((m) => m.code === booking.meal)?.label ?? '';
  const service = point.meals.find((m) => m.meal === booking.meal)!;
  const data = { bookingId: id, pointId: booking.pointId, date: booking.date, meal: booking.meal };
  if (kind === 'cutoff') {
    return {
      id: `meal-reminder:${id}:cutoff`, kind: 'meal-reminder' as const, title: '助餐预订即将截止', data,
      body: `${booking.date} ${point.name}的${meal}预订将于 ${service.bookingCutoff} 截止；如不需要，请在截止前取消。`,
    };
  }
  const body = booking.mode === 'delivery'
    ? `${booking.date} 的${meal}将于 ${service.servesFrom} 起由${point.name}安排志愿者送餐上门，请留意接收。`
    : `${booking.date} 的${meal}将于 ${service.servesFrom} 在${point.name}开始供应，请凭取餐码按时取餐。`;
  return { id: `meal-reminder:${id}:meal`, kind: 'meal-reminder' as const, title: '用餐提醒', body, data };
}
