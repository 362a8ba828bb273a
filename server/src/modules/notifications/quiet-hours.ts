import type { QuietHours } from '@tongxin/shared';

/** Asia/Shanghai is UTC+8 all year (no daylight saving), so wall-clock minutes are plain arithmetic. */
const SHANGHAI_OFFSET_MINUTES = 8 * 60;
const DAY_MINUTES = 24 * 60;

const minutesOf = (clock: string): number => Number(clock.slice(0, 2)) * 60 + Number(clock.slice(3, 5));

/**
 * Milliseconds until the quiet window ends, or 0 when `now` is outside it (or it is off).
 * The window is [start, end) in Shanghai wall-clock time and may wrap past midnight (22:00–08:00).
 */
export function quietDelayMs(quiet: QuietHours, now: Date): number {
  if (!quiet.enabled) return 0;
  const start = minutesOf(quiet.start);
  const end = minutesOf(quiet.end);
  const msIntoDay = (now.getTime() + SHANGHAI_OFFSET_MINUTES * 60_000) % (DAY_MINUTES * 60_000);
  const local = msIntoDay / 60_000;
  const inside = start < end ? local >= start && local < end : local >= start || local < end;
  if (!inside) return 0;
  const untilEnd = (end - local + DAY_MINUTES) % DAY_MINUTES;
  return Math.round(untilEnd * 60_000);
}
