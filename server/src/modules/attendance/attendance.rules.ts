const EARTH_RADIUS_METRES = 6_371_008.8;

interface Point {
  lat: number;
  lng: number;
}

/** Great-circle distance (haversine), accurate to metres at city scale. */
export function distanceMetres(a: Point, b: Point): number {
  const rad = Math.PI / 180;
  const dLat = (b.lat - a.lat) * rad;
  const dLng = (b.lng - a.lng) * rad;
  const h = Math.sin(dLat / 2) ** 2 + Math.cos(a.lat * rad) * Math.cos(b.lat * rad) * Math.sin(dLng / 2) ** 2;
  return 2 * EARTH_RADIUS_METRES * Math.asin(Math.min(1, Math.sqrt(h)));
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

/** Stars (0–5) for verified hours against five ascending thresholds. */
export function starsFor(hours: number, thresholds: readonly number[]): { stars: number; hoursToNextStar: number | null } {
  const stars = thresholds.filter((t) => hours >= t).length;
  const next = thresholds[stars];
  return { stars, hoursToNextStar: next === undefined ? null : Math.round((next - hours) * 10) / 10 };
}
