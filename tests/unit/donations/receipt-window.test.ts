import { receiptReminderAfterDecline, receiptReminderDue, receiptRequestDeadline, receiptRequestOpen } from '@tongxin/shared';

const shanghai = (local: string) => new Date(`${local}+08:00`);

describe('receiptRequestDeadline', () => {
  it('is 3 calendar months after payment on Shanghai\'s calendar, the month\'s last day when shorter', () => {
    expect(receiptRequestDeadline(shanghai('2026-02-10T09:00:00.000'))).toEqual(shanghai('2026-05-10T09:00:00.000'));
    expect(receiptRequestDeadline(shanghai('2026-03-31T10:00:00.000'))).toEqual(shanghai('2026-06-30T10:00:00.000'));
    expect(receiptRequestDeadline(shanghai('2026-08-31T23:30:00.000'))).toEqual(shanghai('2026-11-30T23:30:00.000'));
  });

  it('ends with the Shanghai calendar year, even when 3 months have not passed', () => {
    expect(receiptRequestDeadline(shanghai('2026-10-15T12:00:00.000'))).toEqual(shanghai('2027-01-01T00:00:00.000'));
    // 2026-12-31 20:00 UTC is already 2027-01-01 in Shanghai: its year is 2027.
    expect(receiptRequestDeadline(new Date('2026-12-31T20:00:00.000Z'))).toEqual(shanghai('2027-04-01T04:00:00.000'));
  });
});

describe('receiptRequestOpen', () => {
  it('is open from payment until just before the deadline', () => {
    const paid = shanghai('2026-12-20T10:00:00.000');
    expect(receiptRequestOpen(paid, paid)).toBe(true);
    expect(receiptRequestOpen(paid, shanghai('2026-12-31T23:59:59.999'))).toBe(true);
    expect(receiptRequestOpen(paid, shanghai('2027-01-01T00:00:00.000'))).toBe(false);
    expect(receiptRequestOpen(paid, new Date(paid.getTime() - 1))).toBe(false);
  });
});

describe('receiptReminderDue', () => {
  it('is a week before the deadline, at least a day after paying, and none when the window is too short', () => {
    expect(receiptReminderDue(shanghai('2026-02-10T09:00:00.000'))).toEqual(shanghai('2026-05-03T09:00:00.000'));
    expect(receiptReminderDue(shanghai('2026-12-28T10:00:00.000'))).toEqual(shanghai('2026-12-29T10:00:00.000'));
    expect(receiptReminderDue(shanghai('2026-12-31T22:00:00.000'))).toBeNull();
  });
});

describe('receiptReminderAfterDecline', () => {
  it('is the usual reminder while it lies ahead, now once it has passed inside the window, and none once the window closed', () => {
    const paid = shanghai('2026-03-31T10:00:00.000');
    expect(receiptReminderAfterDecline(paid, shanghai('2026-04-10T12:00:00.000'))).toEqual(shanghai('2026-06-23T10:00:00.000'));
    expect(receiptReminderAfterDecline(paid, shanghai('2026-06-28T12:00:00.000'))).toEqual(shanghai('2026-06-28T12:00:00.000'));
    expect(receiptReminderAfterDecline(paid, shanghai('2026-06-30T10:00:00.000'))).toBeNull();
    expect(receiptReminderAfterDecline(shanghai('2026-12-31T22:00:00.000'), shanghai('2026-12-31T22:30:00.000'))).toBeNull();
  });
});
