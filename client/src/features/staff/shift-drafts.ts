import { createNeedSchema, type CreateNeedBody } from '@tongxin/shared';

/** A shift as typed: Beijing date and wall-clock times, capacity as text. */
export interface ShiftDraft {
  date: string;
  start: string;
  end: string;
  capacity: string;
}

/** A Beijing wall-clock date and time ("2026-12-01", "09:30") as a UTC ISO instant, or null when malformed. */
export function shanghaiInstant(date: string, time: string): string | null {
  if (!/^\d{4}-\d{2}-\d{2}$/.test(date) || !/^([01]\d|2[0-3]):[0-5]\d$/.test(time)) return null;
  const ms = Date.parse(`${date}T${time}:00+08:00`);
  return Number.isNaN(ms) ? null : new Date(ms).toISOString();
}

/** Tomorrow's date in Beijing, "YYYY-MM-DD", as a sensible first shift date. */
export function tomorrowInShanghai(now = Date.now()): string {
  return new Date(now + 8 * 3_600_000 + 24 * 3_600_000).toISOString().slice(0, 10);
}

export type NeedErrors = Record<string, string>;

/** Field errors keyed by path ("title", "shifts.0.endsAt", …) from the shared need schema. */
export function needErrors(body: CreateNeedBody, drafts: ShiftDraft[]): NeedErrors {
  const errors: NeedErrors = {};
  drafts.forEach((d, i) => {
    if (shanghaiInstant(d.date, d.start) === null) errors[`shifts.${i}.startsAt`] = '请按 2026-12-01 和 09:30 的格式填写日期和开始时间';
    if (shanghaiInstant(d.date, d.end) === null) errors[`shifts.${i}.endsAt`] = '请按 11:30 的格式填写结束时间';
  });
  const result = createNeedSchema.safeParse(body);
  if (!result.success) {
    for (const issue of result.error.issues) {
      const path = issue.path.join('.');
      errors[path] ??= issue.message;
    }
  }
  return errors;
}

/** The shifts of the body; malformed ones become empty strings so the schema reports them too. */
export function shiftsOf(drafts: ShiftDraft[]): CreateNeedBody['shifts'] {
  return drafts.map((d) => ({
    startsAt: shanghaiInstant(d.date, d.start) ?? '',
    endsAt: shanghaiInstant(d.date, d.end) ?? '',
    capacity: Number(d.capacity),
  }));
}
