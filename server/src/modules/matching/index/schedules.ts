import type { EnrollmentChange } from './index-ports';
import { NO_LOAD, type WeeklyLoad } from './entries';
import type { BusySpan } from './match-index';
import { shanghaiWeekday } from './query';

const WEEK_MS = 7 * 86_400_000;
/** Statuses that hold the volunteer's time (an overlapping shift is refused at sign-up). */
const HOLDING = new Set(['enrolled', 'waitlisted']);

type ScheduledSpan = BusySpan;

/**
 * Per volunteer, the sign-ups of this week and later that hold their time: they rule out
 * overlapping shifts and make the weekly load (enrolled minutes and days this week).
 */
export class Schedules {
  constructor(readonly spans = new Map<string, ScheduledSpan[]>()) {}

  /** Applies one sign-up's current state; idempotent (keyed by shift). */
  apply(change: EnrollmentChange): void {
    const kept = (this.spans.get(change.userId) ?? []).filter((s) => s.shiftId !== change.shiftId);
    if (HOLDING.has(change.status)) {
      kept.push({ shiftId: change.shiftId, start: change.startsAt.getTime(), end: change.endsAt.getTime(), enrolled: change.status === 'enrolled' });
    }
    if (kept.length > 0) this.spans.set(change.userId, kept);
    else this.spans.delete(change.userId);
  }

  loadOf(userId: string, weekStart: number, now: number): WeeklyLoad {
    return loadOf(this.spans.get(userId), weekStart, now);
  }
}

export function loadOf(spans: readonly ScheduledSpan[] | undefined, weekStart: number, _now: number): WeeklyLoad {
  if (!spans) return NO_LOAD;
  let minutes = 0;
  let days = 0;
  for (const s of spans) {
    if (!s.enrolled || s.start < weekStart || s.start >= weekStart + WEEK_MS) continue;
    minutes += Math.round((s.end - s.start) / 60_000);
    days |= 1 << shanghaiWeekday(s.start);
  }
  return { minutes, invites: 0, days };
}

export async function schedulesFrom(changes: AsyncIterable<EnrollmentChange>): Promise<Schedules> {
  const schedules = new Schedules();
  for await (const change of changes) schedules.apply(change);
  return schedules;
}
