import { isCalendarDay, isoWeekdayOf, shanghaiDayOf, shanghaiInstant, weekStartOf } from '@tongxin/shared';

describe('Shanghai calendar days', () => {
  it('when a Shanghai wall-clock time is converted, then it is 8 hours ahead of UTC', () => {
    expect(shanghaiInstant('2026-12-01', '10:30').toISOString()).toBe('2026-12-01T02:30:00.000Z');
    expect(shanghaiDayOf(new Date('2026-11-30T16:00:00.000Z'))).toBe('2026-12-01');
    expect(shanghaiDayOf(new Date('2026-11-30T15:59:59.999Z'))).toBe('2026-11-30');
  });

  it.each([
    ['2026-11-30', 1, '2026-11-30'],
    ['2026-12-06', 7, '2026-11-30'],
    ['2027-01-01', 5, '2026-12-28'],
  ])('when the day is %s, then it is weekday %i of the week starting %s', (day, weekday, monday) => {
    expect(isoWeekdayOf(day)).toBe(weekday);
    expect(weekStartOf(day)).toBe(monday);
  });

  it('when a day does not exist, then it is not a calendar day', () => {
    expect(isCalendarDay('2026-02-28')).toBe(true);
    expect(isCalendarDay('2026-02-30')).toBe(false);
    expect(isCalendarDay('2026-2-3')).toBe(false);
  });
});
