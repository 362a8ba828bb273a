import { DEFAULT_QUIET_HOURS, updateNotificationPreferencesSchema } from '@tongxin/shared';
import { quietDelayMs } from '../../../server/src/modules/notifications/quiet-hours';

const MIN = 60_000;
/** A Shanghai wall-clock time on 2026-11-30 as a UTC instant (UTC+8, no daylight saving). */
const shanghai = (hhmm: string) => new Date(`2026-11-30T${hhmm}:00+08:00`);

describe('quietDelayMs', () => {
  it.each([
    ['21:59', 0],
    ['22:00', 10 * 60 * MIN],
    ['23:00', 9 * 60 * MIN],
    ['00:00', 8 * 60 * MIN],
    ['07:59', MIN],
    ['08:00', 0],
    ['12:00', 0],
  ])('when it is %s in Shanghai under the default 22:00–08:00, then the wait is %d ms', (clock, expected) => {
    expect(quietDelayMs(DEFAULT_QUIET_HOURS, shanghai(clock))).toBe(expected);
  });

  it('when the window does not wrap midnight, then only inside it is there a wait', () => {
    const lunch = { enabled: true, start: '12:00', end: '13:30' };
    expect(quietDelayMs(lunch, shanghai('11:59'))).toBe(0);
    expect(quietDelayMs(lunch, shanghai('12:30'))).toBe(60 * MIN);
    expect(quietDelayMs(lunch, shanghai('13:30'))).toBe(0);
  });

  it('when quiet hours are off, then never a wait', () => {
    expect(quietDelayMs({ ...DEFAULT_QUIET_HOURS, enabled: false }, shanghai('23:00'))).toBe(0);
  });
});

describe('updateNotificationPreferencesSchema', () => {
  it('when a kind is unknown, a time malformed or the window empty, then it is refused in Chinese', () => {
    expect(updateNotificationPreferencesSchema.safeParse({ kinds: { 'shift-moved': false } }).success).toBe(true);
    expect(updateNotificationPreferencesSchema.safeParse({ kinds: { spam: false } }).success).toBe(false);
    const malformed = updateNotificationPreferencesSchema.safeParse({ quietHours: { enabled: true, start: '24:00', end: '08:00' } });
    expect(malformed.error?.issues[0]?.message).toBe('时间格式应为 HH:MM');
    const empty = updateNotificationPreferencesSchema.safeParse({ quietHours: { enabled: true, start: '08:00', end: '08:00' } });
    expect(empty.error?.issues[0]?.message).toBe('开始和结束时间不能相同');
  });
});
