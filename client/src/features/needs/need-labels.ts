import { formatShanghai, NEED_CATEGORIES, type NeedCategory, type ShiftView } from '@tongxin/shared';

const CATEGORY_LABELS = new Map<string, string>(NEED_CATEGORIES.map((c) => [c.code, c.label]));

export function categoryLabel(category: NeedCategory): string {
  return CATEGORY_LABELS.get(category) ?? '其他';
}

/** A shift's time in Asia/Shanghai, e.g. "2026/12/01 09:30–11:30", or both dates when it crosses midnight. */
export function shiftTimeRange(shift: Pick<ShiftView, 'startsAt' | 'endsAt'>): string {
  const start = formatShanghai(shift.startsAt);
  const end = formatShanghai(shift.endsAt);
  const [startDay] = start.split(' ');
  const [endDay, endTime] = end.split(' ');
  return startDay === endDay ? `${start}–${endTime}` : `${start} – ${end}`;
}

/** Places left on a shift, as shown on a card. */
export function placesLabel(slotsLeft: number, capacity: number): string {
  return slotsLeft > 0 ? `剩 ${slotsLeft}/${capacity} 个名额` : '已满员';
}
