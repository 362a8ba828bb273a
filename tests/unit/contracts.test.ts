import fc from 'fast-check';
import { createNeedSchema, formatShanghai, formatYuan, isFen, shiftInputSchema } from '@tongxin/shared';

describe('shiftInputSchema', () => {
  const at = (iso: string) => new Date(iso).toISOString();

  it('when the end is before the start, then the error sits on endsAt in Chinese', () => {
    const result = shiftInputSchema.safeParse({ startsAt: at('2026-12-01T02:00:00Z'), endsAt: at('2026-12-01T01:00:00Z'), capacity: 2 });
    expect(result.success).toBe(false);
    expect(result.error?.issues[0]).toMatchObject({ path: ['endsAt'], message: '结束时间须晚于开始时间' });
  });

  it('when capacity is not a positive integer, then it is refused', () => {
    fc.assert(fc.property(fc.oneof(fc.double({ noInteger: true }), fc.integer({ max: 0 }), fc.integer({ min: 501 })), (capacity) => {
      const parsed = shiftInputSchema.safeParse({ startsAt: at('2026-12-01T01:00:00Z'), endsAt: at('2026-12-01T02:00:00Z'), capacity });
      return !parsed.success;
    }));
  });
});

describe('createNeedSchema', () => {
  it('when any field is an object smuggling an operator, then parsing fails', () => {
    for (const field of ['title', 'description', 'category', 'communityCode']) {
      expect(createNeedSchema.safeParse({ [field]: { $ne: null } }).success).toBe(false);
    }
  });

  it('when zod speaks, then it speaks Chinese', () => {
    const result = createNeedSchema.safeParse({});
    expect(result.error?.issues.some((i) => /[\u4e00-\u9fa5]/.test(i.message))).toBe(true);
  });
});

describe('money and time', () => {
  it('when fen are formatted, then yuan with two decimals and thousands separators', () => {
    expect(formatYuan(0)).toBe('¥0.00');
    expect(formatYuan(123456)).toBe('¥1,234.56');
    fc.assert(fc.property(fc.nat({ max: Number.MAX_SAFE_INTEGER }), (fen) => /^¥[\d,]+\.\d{2}$/.test(formatYuan(fen))));
  });

  it('when a value is not integer fen, then isFen says no', () => {
    for (const v of [-1, 1.5, NaN, Infinity, '100', 2 ** 53]) expect(isFen(v)).toBe(false);
  });

  it('when a UTC instant is shown, then it is in Asia/Shanghai', () => {
    expect(formatShanghai('2026-11-29T16:30:00Z')).toBe('2026/11/30 00:30');
  });
});
