import { SKILLS, type SkillCode } from './taxonomy';

/**
 * Weekly availability as one number: 7 days (Monday first) × 4 time-of-day slots = 28 bits, bit
 * `day * 4 + slot`. Slots are Asia/Shanghai wall-clock hours; the night (22–06) is never offered,
 * so a shift lying wholly in it overlaps no availability. Bit positions are stored: never reorder.
 */
export const TIME_SLOTS = [
  { code: 'early', label: '早', fromHour: 6, toHour: 9 },
  { code: 'morning', label: '上午', fromHour: 9, toHour: 12 },
  { code: 'afternoon', label: '下午', fromHour: 12, toHour: 18 },
  { code: 'evening', label: '晚上', fromHour: 18, toHour: 22 },
] as const;

export const WEEKDAY_LABELS = ['周一', '周二', '周三', '周四', '周五', '周六', '周日'] as const;

export const DAYS_PER_WEEK = 7;
export const SLOTS_PER_DAY = TIME_SLOTS.length;

/** Every slot of every day: 2^28 − 1. */
export const FULL_AVAILABILITY = 2 ** (DAYS_PER_WEEK * SLOTS_PER_DAY) - 1;

/** 7 rows (Monday … Sunday) of 4 booleans (早, 上午, 下午, 晚上). */
export type AvailabilityGrid = boolean[][];

export function isAvailabilityMask(mask: number): boolean {
  return Number.isInteger(mask) && mask >= 0 && mask <= FULL_AVAILABILITY;
}

function bit(day: number, slot: number): number {
  return 2 ** (day * SLOTS_PER_DAY + slot);
}

// Arithmetic, not `|`/`&`: JavaScript's bitwise operators are signed 32-bit, and the mask is stored as a plain number.
function hasBit(mask: number, b: number): boolean {
  return Math.floor(mask / b) % 2 === 1;
}

/** Builds the mask from a 7 × 4 grid; missing cells count as unavailable. */
export function availabilityFromGrid(grid: AvailabilityGrid): number {
  let mask = 0;
  for (let day = 0; day < DAYS_PER_WEEK; day++) {
    for (let slot = 0; slot < SLOTS_PER_DAY; slot++) if (grid[day]?.[slot] === true) mask += bit(day, slot);
  }
  return mask;
}

export function availabilityToGrid(mask: number): AvailabilityGrid {
  return Array.from({ length: DAYS_PER_WEEK }, (_, day) =>
    Array.from({ length: SLOTS_PER_DAY }, (_, slot) => hasBit(mask, bit(day, slot))));
}

export function isAvailable(mask: number, day: number, slot: number): boolean {
  return hasBit(mask, bit(day, slot));
}

const HOUR_MS = 3_600_000;
const DAY_MS = 24 * HOUR_MS;
/** Asia/Shanghai is UTC+8 all year (no daylight saving since 1991). */
const SHANGHAI_OFFSET_MS = 8 * HOUR_MS;
/** 1970-01-01 was a Thursday: index 3 when Monday is 0. */
const EPOCH_WEEKDAY = 3;

/**
 * True when some part of the shift [startsAt, endsAt) falls in a slot the mask marks available, on
 * Asia/Shanghai wall-clock time. A shift that merely touches a slot's edge does not overlap it.
 */
export function overlapsShift(mask: number, startsAt: Date, endsAt: Date): boolean {
  const start = startsAt.getTime() + SHANGHAI_OFFSET_MS;
  const end = endsAt.getTime() + SHANGHAI_OFFSET_MS;
  if (!(end > start) || mask === 0) return false;
  const firstDay = Math.floor(start / DAY_MS);
  // Past a full week every slot has come round once, so looking further changes nothing.
  const lastDay = Math.min(Math.floor((end - 1) / DAY_MS), firstDay + DAYS_PER_WEEK);
  for (let d = firstDay; d <= lastDay; d++) {
    const weekday = (((d + EPOCH_WEEKDAY) % DAYS_PER_WEEK) + DAYS_PER_WEEK) % DAYS_PER_WEEK;
    for (let slot = 0; slot < SLOTS_PER_DAY; slot++) {
      const { fromHour, toHour } = TIME_SLOTS[slot]!;
      const from = d * DAY_MS + fromHour * HOUR_MS;
      const to = d * DAY_MS + toHour * HOUR_MS;
      if (from < end && start < to && isAvailable(mask, weekday, slot)) return true;
    }
  }
  return false;
}

/** Skills as a bitmask: bit i is `SKILLS[i]`, whose order is stable (new skills are appended). */
export function skillsToMask(codes: readonly SkillCode[]): number {
  let mask = 0;
  for (const code of new Set(codes)) {
    const index = SKILLS.findIndex((s) => s.code === code);
    if (index >= 0) mask += 2 ** index;
  }
  return mask;
}

/** The codes of a skills mask, in taxonomy order. */
export function skillsFromMask(mask: number): SkillCode[] {
  return SKILLS.filter((_, i) => hasBit(mask, 2 ** i)).map((s) => s.code);
}

/** True when every skill of `required` is in `held` (both masks). */
export function hasAllSkills(held: number, required: number): boolean {
  return SKILLS.every((_, i) => !hasBit(required, 2 ** i) || hasBit(held, 2 ** i));
}
