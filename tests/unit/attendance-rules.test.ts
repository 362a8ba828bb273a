import fc from 'fast-check';
import { CheckInCodes } from '../../server/src/modules/attendance/attendance.codes';
import { clampedMinutes, distanceMetres, monthsBetween, starsFor } from '../../server/src/modules/attendance/attendance.rules';

describe('CheckInCodes', () => {
  const codes = new CheckInCodes('test-secret-0123456789-0123456789', 30);
  const shift = '65f0c0ffee0000000000abcd';
  const t0 = new Date('2026-12-01T01:00:05Z');

  it('when scanned in the same or the next window, then accepted; two windows later, refused', () => {
    const { code } = codes.issue(shift, t0);
    expect(codes.verify(shift, code, t0)).toBe(true);
    expect(codes.verify(shift, code, new Date(t0.getTime() + 30_000))).toBe(true);
    expect(codes.verify(shift, code, new Date(t0.getTime() + 60_000))).toBe(false);
  });

  it('when the code is from the future, another shift or altered, then refused', () => {
    const { code } = codes.issue(shift, new Date(t0.getTime() + 30_000));
    expect(codes.verify(shift, code, t0)).toBe(false);
    expect(codes.verify('65f0c0ffee0000000000abce', codes.issue(shift, t0).code, t0)).toBe(false);
    fc.assert(fc.property(fc.string(), (junk) => !codes.verify(shift, junk, t0) || junk === codes.issue(shift, t0).code));
  });
});

describe('attendance rules', () => {
  const shift = { startsAt: new Date('2026-12-01T01:00:00Z'), endsAt: new Date('2026-12-01T03:00:00Z') };

  it('when check-in and check-out fall outside the shift, then minutes are clamped to it', () => {
    expect(clampedMinutes(new Date('2026-12-01T00:30:00Z'), new Date('2026-12-01T04:00:00Z'), shift)).toBe(120);
    expect(clampedMinutes(new Date('2026-12-01T01:10:00Z'), new Date('2026-12-01T02:00:30Z'), shift)).toBe(50);
    expect(clampedMinutes(new Date('2026-12-01T04:00:00Z'), new Date('2026-12-01T05:00:00Z'), shift)).toBe(0);
  });

  it('when measuring 0.01° of latitude, then about 1.11 km', () => {
    expect(distanceMetres({ lat: 30.65, lng: 104.06 }, { lat: 30.66, lng: 104.06 })).toBeCloseTo(1112, -1);
  });

  it('when hours cross the national thresholds, then stars follow', () => {
    const thresholds = [100, 300, 600, 1000, 1500];
    expect(starsFor(0, thresholds)).toEqual({ stars: 0, hoursToNextStar: 100 });
    expect(starsFor(300, thresholds)).toEqual({ stars: 2, hoursToNextStar: 300 });
    expect(starsFor(1600, thresholds)).toEqual({ stars: 5, hoursToNextStar: null });
  });

  it('when a city asks for months of service too, then a level counts only with both, in order', () => {
    const thresholds = [100, 300, 600, 1000, 1500];
    const minMonths = [0, 6, 12, 24, 36];
    expect(starsFor(700, thresholds, { months: 8, minMonths })).toEqual({ stars: 2, hoursToNextStar: 0 });
    expect(starsFor(700, thresholds, { months: 12, minMonths })).toEqual({ stars: 3, hoursToNextStar: 300 });
    expect(starsFor(50, thresholds, { months: 40, minMonths })).toEqual({ stars: 0, hoursToNextStar: 50 });
    expect(monthsBetween(new Date('2026-01-31T00:00:00Z'), new Date('2026-03-01T00:00:00Z'))).toBe(1);
    expect(monthsBetween(new Date('2026-01-15T00:00:00Z'), new Date('2027-01-15T00:00:00Z'))).toBe(12);
  });
});
