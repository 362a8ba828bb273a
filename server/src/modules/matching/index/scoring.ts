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

/** Called for each row that passes every column filter, with its score. */
export type RowVisitor = (row: number, score: number) => void;

/** A bit no row holds: `notAll: NO_SKILL_BIT` rules nothing out. */
export const NO_SKILL_BIT = 0x10000;

/**
 * Which rows a pass reads by their skills: all of `need`, none of `none`, and not all of `notAll`
 * (the index splits a query into passes by skill fit; see search-passes.ts).
 */
export interface SkillFilter {
  need: number;
  none: number;
  notAll: number;
}

/**
 * Scores rows [from, to) (or, given `list`, rows `base + list[i]` for i in [from, to)) and calls
 * `visit` for those that pass every column filter (ids and schedules are checked by the caller, for
 * the few that would rank). The one implementation of the score: the index, the naive scan and
 * single-volunteer recommendations all run through it. The columns are read into locals once, so
 * the loop touches typed arrays only.
 */
export function scanRows(
  c: VolunteerColumns, from: number, to: number, q: PreparedQuery, visit: RowVisitor,
  filter?: SkillFilter, list?: Uint16Array | Uint32Array, base = 0,
): void {
  const { flags, skills, availability, lat, lng, radiusKm, birthDay, loadMinutes, servedDays, invites, reliability, community } = c;
  const { slotMask, maxBirthDay, consentBirthDay, shiftMinutes, capMinutes, dayBit, fitSkills, fitSkillCount } = q;
  const need = filter === undefined ? q.requiredSkills : filter.need | q.requiredSkills;
  const none = filter === undefined ? 0 : filter.none;
  const notAll = filter === undefined ? NO_SKILL_BIT : filter.notAll;
  const qLat = q.lat;
  const qLng = q.lng;
  const kmLng = q.kmPerDegreeLng;
  const radius = q.radiusKm;
  const radius2 = radius * radius;
  const qCommunity = q.community;
  for (let i = from; i < to; i++) {
    const r = list === undefined ? i : base + list[i]!;
    const f = flags[r]!;
    if ((f & FLAG_ACTIVE) === 0) continue;
    const held = skills[r]!;
    if ((held & need) !== need || (held & none) !== 0 || (held & notAll) === notAll) continue;
    if ((availability[r]! & slotMask) === 0) continue;
    const dy = (lat[r]! - qLat) * KM_PER_DEGREE;
    const dx = (lng[r]! - qLng) * kmLng;
    const d2 = dx * dx + dy * dy;
    if (d2 > radius2) continue;
    const distance = Math.sqrt(d2);
    if (distance > radius || distance > radiusKm[r]!) continue;
    const born = birthDay[r]!;
    if (born > maxBirthDay) continue;
    if (born > consentBirthDay && (f & FLAG_CONSENT) === 0) continue;
    const load = loadMinutes[r]!;
    if (load + shiftMinutes > capMinutes) continue;
    if ((servedDays[r]! | dayBit) === 0x7f) continue;
    const fit = fitSkillCount === 0 ? 1 : popcount(held & fitSkills) / fitSkillCount;
    const fairness = Math.max(0, 1 - load / capMinutes - 0.1 * invites[r]!);
    visit(r, WEIGHTS.proximity * (1 - distance / radius)
      + WEIGHTS.skills * fit
      + WEIGHTS.reliability * (reliability[r]! / 255)
      + WEIGHTS.fairness * fairness
      + WEIGHTS.community * (community[r] === qCommunity ? 1 : 0));
  }
}

/** The score of row `r`, or −1 when a column filter rejects it. */
export function evaluate(c: VolunteerColumns, r: number, q: PreparedQuery): number {
  let score = -1;
  scanRows(c, r, r + 1, q, (_row, s) => {
    score = s;
  });
  return score;
}

/**
 * The best score a row at least `minDistanceKm` away can reach with at most skill fit `fit`,
 * reliability byte `reliabilityMax` and, when `community`, the same-community bonus.
 */
export function scoreBound(minDistanceKm: number, q: PreparedQuery, fit: number, reliabilityMax: number, community: boolean): number {
  return WEIGHTS.proximity * (1 - minDistanceKm / q.radiusKm) + WEIGHTS.skills * fit + WEIGHTS.reliability * (reliabilityMax / 255)
    + WEIGHTS.fairness + (community ? WEIGHTS.community : 0) + BOUND_EPSILON;
}

/** The best skill fit a row holding no skills beyond `skills` can reach. */
export function fitWithin(skills: number, q: PreparedQuery): number {
  return q.fitSkillCount === 0 ? 1 : popcount(skills & q.fitSkills) / q.fitSkillCount;
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
