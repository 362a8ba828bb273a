import { FLAG_ACTIVE, FLAG_CONSENT, type VolunteerColumns } from './columns';
import { KM_PER_DEGREE } from './grid';

/**
 * The documented score, in [0, 1], of a volunteer who passes every filter:
 *
 *   0.40 × proximity    1 − distance / the need's radius
 *   0.20 × skill fit    share of the need's required and category skills the volunteer holds (1 when none)
 *   0.20 × reliability  attended ÷ (attended + no-shows + ½ late cancellations), smoothed towards 0.85
 *   0.15 × fairness     1 − this week's served-or-booked minutes ÷ the weekly cap − 0.1 × invitations this week
 *   0.05 × community    1 when the volunteer's home community is the need's
 *
 * Filters (a volunteer failing one is not a candidate): active complete profile; every required skill;
 * available in a slot the shift overlaps; within the need's radius and the volunteer's own service
 * radius; the age rule (18+ unless the category admits minors; under 14 only with a guardian's
 * consent); this week's minutes plus the shift's within the weekly cap; a rest day left in the week;
 * no overlapping sign-up; not already signed up or invited. Ties go to the smaller volunteer id.
 */
export const WEIGHTS = { proximity: 0.4, skills: 0.2, reliability: 0.2, fairness: 0.15, community: 0.05 } as const;

/** The most a volunteer can score apart from proximity: bounds a cell by its nearest point. */
const NON_DISTANCE_MAX = WEIGHTS.skills + WEIGHTS.reliability + WEIGHTS.fairness + WEIGHTS.community;
/** Slack for float rounding at cell edges, so the bound never undercuts a real score. */
const BOUND_EPSILON = 1e-9;

/** A shift's question to the index, in the units of the columns. */
export interface PreparedQuery {
  lat: number;
  lng: number;
  /** km per degree of longitude at the query's latitude (distances are equirectangular). */
  kmPerDegreeLng: number;
  radiusKm: number;
  requiredSkills: number;
  /** Required plus category skills; skill fit is the share of these held. */
  fitSkills: number;
  fitSkillCount: number;
  /** Availability bits the shift overlaps. */
  slotMask: number;
  /** Latest birth day (days since 1900-01-01) that meets the category's minimum age. */
  maxBirthDay: number;
  /** Born after this day: under 14 at the shift, needs a guardian's consent. */
  consentBirthDay: number;
  shiftMinutes: number;
  capMinutes: number;
  /** Bit of the shift's weekday (Monday = bit 0). */
  dayBit: number;
  community: number;
  limit: number;
}

/** The score of row `r`, or −1 when a filter rejects it (ids and schedules are checked later, for the few that would rank). */
export function evaluate(c: VolunteerColumns, r: number, q: PreparedQuery): number {
  const flags = c.flags[r]!;
  if ((flags & FLAG_ACTIVE) === 0) return -1;
  const skills = c.skills[r]!;
  if ((skills & q.requiredSkills) !== q.requiredSkills) return -1;
  if ((c.availability[r]! & q.slotMask) === 0) return -1;
  const dy = (c.lat[r]! - q.lat) * KM_PER_DEGREE;
  const dx = (c.lng[r]! - q.lng) * q.kmPerDegreeLng;
  const distance = Math.sqrt(dx * dx + dy * dy);
  if (distance > q.radiusKm || distance > c.radiusKm[r]!) return -1;
  const birthDay = c.birthDay[r]!;
  if (birthDay > q.maxBirthDay) return -1;
  if (birthDay > q.consentBirthDay && (flags & FLAG_CONSENT) === 0) return -1;
  const load = c.loadMinutes[r]!;
  if (load + q.shiftMinutes > q.capMinutes) return -1;
  if ((c.servedDays[r]! | q.dayBit) === 0x7f) return -1;
  const fit = q.fitSkillCount === 0 ? 1 : popcount(skills & q.fitSkills) / q.fitSkillCount;
  const fairness = Math.max(0, 1 - load / q.capMinutes - 0.1 * c.invites[r]!);
  return WEIGHTS.proximity * (1 - distance / q.radiusKm)
    + WEIGHTS.skills * fit
    + WEIGHTS.reliability * (c.reliability[r]! / 255)
    + WEIGHTS.fairness * fairness
    + WEIGHTS.community * (c.community[r] === q.community ? 1 : 0);
}

/** The best score any volunteer at least `minDistanceKm` away can reach. */
export function scoreBound(minDistanceKm: number, q: PreparedQuery): number {
  return WEIGHTS.proximity * (1 - minDistanceKm / q.radiusKm) + NON_DISTANCE_MAX + BOUND_EPSILON;
}

export function distanceKm(c: VolunteerColumns, r: number, q: Pick<PreparedQuery, 'lat' | 'lng' | 'kmPerDegreeLng'>): number {
  const dy = (c.lat[r]! - q.lat) * KM_PER_DEGREE;
  const dx = (c.lng[r]! - q.lng) * q.kmPerDegreeLng;
  return Math.sqrt(dx * dx + dy * dy);
}

export function popcount(x: number): number {
  let n = 0;
  for (let v = x >>> 0; v !== 0; v &= v - 1) n++;
  return n;
}
