import { distanceMetres, findRegion } from '@tongxin/shared';

// Shared with need search, so check-in radius and search distance agree.
export { distanceMetres };

/**
 * Whether a point is within `radiusMetres` of where a shift happens: the need's own point, or its
 * community's centre when the need has none. Online and offline check-ins judge place the same way.
 */
export function withinReach(
  place: { location?: { lat: number; lng: number }; communityCode: string }, point: { lat: number; lng: number }, radiusMetres: number,
): boolean {
  const community = findRegion(place.communityCode)?.centre;
  const centre = place.location ?? (community ? { lat: community[0], lng: community[1] } : undefined);
  return centre !== undefined && distanceMetres(centre, point) <= radiusMetres;
}

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

/**
 * Stars (0–5) for verified hours against five ascending thresholds. A city may also ask for a minimum
 * number of months of service per level (Shenzhen does): a level counts only when both are met, and
 * levels are taken in order.
 */
export function starsFor(
  hours: number, thresholds: readonly number[], service?: { months: number; minMonths: readonly number[] },
): { stars: number; hoursToNextStar: number | null } {
  let stars = 0;
  while (stars < thresholds.length && hours >= thresholds[stars]! && (!service || service.months >= (service.minMonths[stars] ?? 0))) stars += 1;
  const next = thresholds[stars];
  return { stars, hoursToNextStar: next === undefined ? null : Math.max(0, Math.round((next - hours) * 10) / 10) };
}

/** Whole calendar months from `since` to `now` (a month counts once its day of the month is reached). */
export function monthsBetween(since: Date, now: Date): number {
  const months = (now.getUTCFullYear() - since.getUTCFullYear()) * 12 + now.getUTCMonth() - since.getUTCMonth();
  return Math.max(0, now.getUTCDate() >= since.getUTCDate() ? months : months - 1);
}
