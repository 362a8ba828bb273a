// Shared with need search, so check-in radius and search distance agree.
export { distanceMetres } from '@tongxin/shared';

/** Whole minutes between two instants after clamping both to the shift ("system hours"). */
export function clampedMinutes(from: Date, to: Date, shift: { startsAt: Date; endsAt: Date }): number {
  const start = Math.max(from.getTime(), shift.startsAt.getTime());
  const end = Math.min(to.getTime(), shift.endsAt.getTime());
  return Math.max(0, Math.floor((end - start) / 60_000));
}

const yearInShanghai = new Intl.DateTimeFormat('en-US', { timeZone: 'Asia/Shanghai', year: 'numeric' });

export function shanghaiYear(instant: Date): number {
  return Number(yearInShanghai.format(instant));
}

/** Stars (0–5) for verified hours against five ascending thresholds. */
export function starsFor(hours: number, thresholds: readonly number[]): { stars: number; hoursToNextStar: number | null } {
  const stars = thresholds.filter((t) => hours >= t).length;
  const next = thresholds[stars];
  return { stars, hoursToNextStar: next === undefined ? null : Math.round((next - hours) * 10) / 10 };
}
