import { donorsPerMinute } from '@/features/organizer/donor-rate';

describe('donorsPerMinute (organizer dashboard)', () => {
  const T = 1_000_000;

  it('gives no rate until ten seconds were watched', () => {
    expect(donorsPerMinute([], T)).toBeNull();
    expect(donorsPerMinute([{ at: T, donorCount: 5 }], T + 9_000)).toBeNull();
  });

  it('scales up what was seen in less than a minute', () => {
    expect(donorsPerMinute([{ at: T, donorCount: 5 }, { at: T + 10_000, donorCount: 7 }], T + 20_000)).toBe(6);
  });

  it('counts the donors who came in the last minute against the last count before it', () => {
    const samples = [{ at: T, donorCount: 10 }, { at: T + 30_000, donorCount: 12 }, { at: T + 80_000, donorCount: 15 }, { at: T + 100_000, donorCount: 16 }];
    expect(donorsPerMinute(samples, T + 120_000)).toBe(4);
    // A quiet minute after the last gift: zero.
    expect(donorsPerMinute(samples, T + 170_000)).toBe(0);
  });
});
