import {
  CATEGORY_SKILLS, NEED_CATEGORIES, regionTree, shanghaiDate, skillsToMask, TIME_SLOTS,
  type GeoPoint, type NeedCategory, type SkillCode,
} from '@tongxin/shared';
import { NO_COMMUNITY, UNKNOWN_BIRTH_DAY } from './columns';
import { KM_PER_DEGREE } from './grid';
import { popcount, type PreparedQuery } from './scoring';

const HOUR_MS = 3_600_000;
const DAY_MS = 24 * HOUR_MS;
const SHANGHAI_OFFSET_MS = 8 * HOUR_MS;
const EPOCH_1900 = Date.UTC(1900, 0, 1);
/** 1970-01-01 was a Thursday: index 3 when Monday is 0. */
const EPOCH_WEEKDAY = 3;
export const ADULT_AGE = 18;
export const CONSENT_AGE = 14;

/** What a shift asks of its volunteers, as matching reads it. */
export interface ShiftCriteria {
  location: GeoPoint;
  radiusKm: number;
  category: NeedCategory;
  requiredSkills: readonly SkillCode[];
  startsAt: Date;
  endsAt: Date;
  communityCode: string;
  limit: number;
}

let communityIndexes: Map<string, number> | undefined;

/** A community's position in the region tree's community list (what the index stores), or NO_COMMUNITY. */
export function communityIndexOf(code: string | undefined): number {
  communityIndexes ??= new Map(regionTree().filter((r) => r.level === 'community').map((r, i) => [r.code, i]));
  return (code !== undefined ? communityIndexes.get(code) : undefined) ?? NO_COMMUNITY;
}

/** Days since 1900-01-01 of a "YYYY-MM-DD" date, or UNKNOWN_BIRTH_DAY. */
export function birthDayOf(date: string | undefined): number {
  if (!date || !/^\d{4}-\d{2}-\d{2}$/.test(date)) return UNKNOWN_BIRTH_DAY;
  const days = Math.floor((Date.parse(`${date}T00:00:00Z`) - EPOCH_1900) / DAY_MS);
  return Number.isFinite(days) && days >= 0 && days < UNKNOWN_BIRTH_DAY ? days : UNKNOWN_BIRTH_DAY;
}

/**
 * The latest birth day of someone at least `age` on the Asia/Shanghai date of `at` (the rule of
 * `ageAt`: birth date ≤ the same month-day `age` years earlier; 29 February falls back to the 28th).
 */
export function latestBirthDayForAge(at: Date, age: number): number {
  const today = shanghaiDate(at);
  let year = Number(today.slice(0, 4)) - age;
  let monthDay = today.slice(5);
  if (monthDay === '02-29' && !(year % 4 === 0 && (year % 100 !== 0 || year % 400 === 0))) monthDay = '02-28';
  if (year < 1900) year = 1899;
  return Math.floor((Date.parse(`${String(year).padStart(4, '0')}-${monthDay}T00:00:00Z`) - EPOCH_1900) / DAY_MS);
}

/** Weekday of an instant in Asia/Shanghai, Monday = 0. */
export function shanghaiWeekday(at: number): number {
  const day = Math.floor((at + SHANGHAI_OFFSET_MS) / DAY_MS);
  return (((day + EPOCH_WEEKDAY) % 7) + 7) % 7;
}

/** Start (UTC ms) of the Asia/Shanghai week (Monday 00:00) holding `at`. */
export function shanghaiWeekStart(at: number): number {
  const day = Math.floor((at + SHANGHAI_OFFSET_MS) / DAY_MS);
  return (day - shanghaiWeekday(at)) * DAY_MS - SHANGHAI_OFFSET_MS;
}

/**
 * The availability bits (day × 4 + slot) a shift overlaps, by the same rule as `overlapsShift`:
 * `overlapsShift(mask, s, e)` ⇔ `(mask & shiftSlotMask(s, e)) !== 0`.
 */
export function shiftSlotMask(startsAt: Date, endsAt: Date): number {
  const start = startsAt.getTime() + SHANGHAI_OFFSET_MS;
  const end = endsAt.getTime() + SHANGHAI_OFFSET_MS;
  if (!(end > start)) return 0;
  const firstDay = Math.floor(start / DAY_MS);
  const lastDay = Math.min(Math.floor((end - 1) / DAY_MS), firstDay + 7);
  let mask = 0;
  for (let d = firstDay; d <= lastDay; d++) {
    const weekday = (((d + EPOCH_WEEKDAY) % 7) + 7) % 7;
    TIME_SLOTS.forEach(({ fromHour, toHour }, slot) => {
      if (d * DAY_MS + fromHour * HOUR_MS < end && start < d * DAY_MS + toHour * HOUR_MS) mask |= 1 << (weekday * 4 + slot);
    });
  }
  return mask;
}

/** Turns a shift's criteria into the index's units. */
export function prepareQuery(criteria: ShiftCriteria, weeklyCapMinutes: number): PreparedQuery {
  const required = skillsToMask([...criteria.requiredSkills]);
  const fit = required | skillsToMask([...CATEGORY_SKILLS[criteria.category]]);
  const minorsAllowed = NEED_CATEGORIES.find((c) => c.code === criteria.category)?.minorsAllowed ?? false;
  return {
    lat: Math.fround(criteria.location.lat),
    lng: Math.fround(criteria.location.lng),
    kmPerDegreeLng: KM_PER_DEGREE * Math.cos((criteria.location.lat * Math.PI) / 180),
    radiusKm: criteria.radiusKm,
    requiredSkills: required,
    fitSkills: fit,
    fitSkillCount: popcount(fit),
    slotMask: shiftSlotMask(criteria.startsAt, criteria.endsAt),
    maxBirthDay: minorsAllowed ? latestBirthDayForAge(criteria.startsAt, 0) : latestBirthDayForAge(criteria.startsAt, ADULT_AGE),
    consentBirthDay: latestBirthDayForAge(criteria.startsAt, CONSENT_AGE),
    shiftMinutes: Math.round((criteria.endsAt.getTime() - criteria.startsAt.getTime()) / 60_000),
    capMinutes: weeklyCapMinutes,
    dayBit: 1 << shanghaiWeekday(criteria.startsAt.getTime()),
    community: communityIndexOf(criteria.communityCode) === NO_COMMUNITY ? -1 : communityIndexOf(criteria.communityCode),
    limit: criteria.limit,
  };
}
