/** The zone every time is shown in; instants are stored and sent as UTC ISO strings. */
export const DISPLAY_TIME_ZONE = 'Asia/Shanghai';

const displayFormat = new Intl.DateTimeFormat('zh-CN', {
  timeZone: DISPLAY_TIME_ZONE,
  year: 'numeric',
  month: '2-digit',
  day: '2-digit',
  hour: '2-digit',
  minute: '2-digit',
  hour12: false,
});

/** Formats a UTC instant for a Chinese reader, e.g. "2026/11/29 09:30". */
export function formatShanghai(instant: Date | string): string {
  return displayFormat.format(typeof instant === 'string' ? new Date(instant) : instant);
}
