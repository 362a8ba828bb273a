/**
 * Calendar days in Asia/Shanghai (UTC+8 all year, no daylight saving), the day a meal is served on.
 * A day is `YYYY-MM-DD`; a time of day is `HH:mm`.
 */
const SHANGHAI_OFFSET_MS = 8 * 3_600_000;
const DAY_MS = 86_400_000;

/** The UTC instant of a Shanghai wall-clock time on a Shanghai day. */
export function shanghaiInstant(day: string, timeOfDay: string): Date {
  return new Date(`${day}T${timeOfDay}:00.000+08:00`);
}

/** The Shanghai calendar day of an instant. */
export function shanghaiDayOf(instant: Date): string {
  return new Date(instant.getTime() + SHANGHAI_OFFSET_MS).toISOString().slice(0, 10);
}

/** ISO weekday of a day: 1 = Monday … 7 = Sunday. */
export function isoWeekdayOf(day: string): number {
  const weekday = new Date(`${day}T00:00:00.000Z`).getUTCDay();
  return weekday === 0 ? 7 : weekday;
}

/** The Monday that starts the ISO week of a day (the key of weekly caps). */
export function weekStartOf(day: string): string {
  const midnight = Date.parse(`${day}T00:00:00.000Z`);
  return new Date(midnight - (isoWeekdayOf(day) - 1) * DAY_MS).toISOString().slice(0, 10);
}

/** Whether text is a real calendar day such as 2026-02-28 (and not 2026-02-30). */
export function isCalendarDay(text: string): boolean {
  if (!/^\d{4}-\d{2}-\d{2}$/.test(text)) return false;
  const parsed = new Date(`${text}T00:00:00.000Z`);
  return !Number.isNaN(parsed.getTime()) && parsed.toISOString().slice(0, 10) === text;
}
