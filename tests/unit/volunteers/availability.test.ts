import fc from 'fast-check';
import {
  availabilityFromGrid, availabilityToGrid, FULL_AVAILABILITY, hasAllSkills, isAvailable, overlapsShift,
  SKILL_CODES, skillsFromMask, skillsToMask, TIME_SLOTS,
} from '@tongxin/shared';

const HOUR = 3_600_000;
const DAY = 24 * HOUR;
const WEEK = 7 * DAY;
/** Monday 2026-11-30 00:00 in Asia/Shanghai. */
const MONDAY = Date.parse('2026-11-29T16:00:00Z');
const at = (day: number, hour: number) => new Date(MONDAY + day * DAY + hour * HOUR);

const mask = fc.integer({ min: 0, max: FULL_AVAILABILITY });
const grid = fc.array(fc.array(fc.boolean(), { minLength: 4, maxLength: 4 }), { minLength: 7, maxLength: 7 });
const shift = fc.record({ start: fc.integer({ min: 0, max: 3 * WEEK }), length: fc.integer({ min: 1, max: 2 * DAY }) })
  .map(({ start, length }) => ({ startsAt: new Date(MONDAY + start), endsAt: new Date(MONDAY + start + length) }));

describe('availability grid and mask', () => {
  it('when a grid becomes a mask and back, then it is the same grid; and a mask round-trips too', () => {
    fc.assert(fc.property(grid, (g) => JSON.stringify(availabilityToGrid(availabilityFromGrid(g))) === JSON.stringify(g)));
    fc.assert(fc.property(mask, (m) => availabilityFromGrid(availabilityToGrid(m)) === m));
  });

  it('when a cell is set, then its bit is day * 4 + slot', () => {
    const g = availabilityToGrid(0);
    g[2]![3] = true; // Wednesday evening
    expect(availabilityFromGrid(g)).toBe(2 ** 11);
    expect(isAvailable(2 ** 11, 2, 3)).toBe(true);
    expect(availabilityFromGrid(availabilityToGrid(FULL_AVAILABILITY))).toBe(2 ** 28 - 1);
  });
});

describe('overlapsShift', () => {
  it('when the shift is Wednesday 19:00–21:00 Shanghai time, then only the Wednesday-evening bit matters', () => {
    const wednesdayEvening = availabilityFromGrid([[], [], [false, false, false, true]]);
    expect(overlapsShift(wednesdayEvening, at(2, 19), at(2, 21))).toBe(true);
    expect(overlapsShift(wednesdayEvening, at(1, 19), at(1, 21))).toBe(false);
    expect(overlapsShift(FULL_AVAILABILITY - wednesdayEvening, at(2, 19), at(2, 21))).toBe(false);
  });

  it('when a shift only touches a slot edge or lies in the night, then it does not overlap', () => {
    expect(overlapsShift(FULL_AVAILABILITY, at(0, 22), at(1, 6))).toBe(false);
    const earlyOnly = availabilityFromGrid([[true]]);
    expect(overlapsShift(earlyOnly, at(0, 9), at(0, 11))).toBe(false);
    expect(overlapsShift(earlyOnly, at(0, 8.5), at(0, 11))).toBe(true);
  });

  it('when a shift crosses midnight into Sunday→Monday, then the next day is checked on the right weekday', () => {
    const mondayEarly = availabilityFromGrid([[true]]);
    expect(overlapsShift(mondayEarly, at(6, 21), at(7, 7))).toBe(true);
  });

  it('when masks grow, then overlap never goes away (monotone), and the empty mask overlaps nothing', () => {
    fc.assert(fc.property(mask, mask, shift, (a, b, { startsAt, endsAt }) => {
      const union = availabilityFromGrid(availabilityToGrid(a).map((row, d) => row.map((v, s) => v || availabilityToGrid(b)[d]![s]!)));
      return (!overlapsShift(a, startsAt, endsAt) || overlapsShift(union, startsAt, endsAt)) && !overlapsShift(0, startsAt, endsAt);
    }));
  });

  it('when a shift moves by whole weeks, then the answer is the same', () => {
    fc.assert(fc.property(mask, shift, fc.integer({ min: -52, max: 52 }), (m, { startsAt, endsAt }, weeks) =>
      overlapsShift(m, startsAt, endsAt)
        === overlapsShift(m, new Date(startsAt.getTime() + weeks * WEEK), new Date(endsAt.getTime() + weeks * WEEK))));
  });

  it('when a shift lies inside one slot, then it overlaps exactly when that bit is set', () => {
    fc.assert(fc.property(mask, fc.nat({ max: 6 }), fc.nat({ max: 3 }), fc.double({ min: 0, max: 0.99, noNaN: true }), (m, day, slot, f) => {
      const { fromHour, toHour } = TIME_SLOTS[slot]!;
      const start = fromHour + f * (toHour - fromHour);
      return overlapsShift(m, at(day, start), at(day, Math.min(toHour, start + 0.5))) === isAvailable(m, day, slot);
    }));
  });
});

describe('skills mask', () => {
  it('when skills become a mask and back, then the same set comes back in taxonomy order', () => {
    fc.assert(fc.property(fc.subarray([...SKILL_CODES]), (codes) => JSON.stringify(skillsFromMask(skillsToMask(codes))) === JSON.stringify(codes)));
    expect(skillsToMask(['elderly_care'])).toBe(1);
    expect(skillsToMask(['photography'])).toBe(2 ** 14);
  });

  it('when checking required skills, then a subset passes and anything beyond it fails', () => {
    fc.assert(fc.property(fc.subarray([...SKILL_CODES]), fc.subarray([...SKILL_CODES]), (held, required) =>
      hasAllSkills(skillsToMask(held), skillsToMask(required)) === required.every((c) => held.includes(c))));
  });
});
