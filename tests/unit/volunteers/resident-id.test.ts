import fc from 'fast-check';
import {
  ageAt, ageBandOf, maskResidentId, parseResidentId, residentIdCheckChar, residentIdSchema, shanghaiDate,
} from '@tongxin/shared';

const DAY = 86_400_000;

/** Any valid number: a real province prefix, a calendar date from 1900 on, any sequence, the right check character. */
const validResidentId = fc
  .record({
    province: fc.constantFrom('11', '31', '44', '51', '54', '65', '81'),
    rest: fc.integer({ min: 0, max: 9999 }),
    birth: fc.date({ min: new Date('1900-01-01T00:00:00Z'), max: new Date('2030-12-31T00:00:00Z'), noInvalidDate: true }),
    order: fc.integer({ min: 0, max: 999 }),
  })
  .map(({ province, rest, birth, order }) => {
    const body = `${province}${String(rest).padStart(4, '0')}${birth.toISOString().slice(0, 10).replaceAll('-', '')}${String(order).padStart(3, '0')}`;
    return body + residentIdCheckChar(body)!;
  });

describe('parseResidentId', () => {
  it('when the number is a real-format example, then birth date, gender and region are derived', () => {
    // 11010519491231002X: the standard's own example (北京朝阳, 1949-12-31, female).
    expect(parseResidentId('11010519491231002x')).toEqual({
      ok: true,
      value: { number: '11010519491231002X', regionCode: '110105', birthDate: '1949-12-31', gender: 'female' },
    });
  });

  it('when any valid number is parsed, then it round-trips: same number, birth date and gender from its digits', () => {
    fc.assert(fc.property(validResidentId, (id) => {
      const parsed = parseResidentId(id);
      return parsed.ok && parsed.value.number === id
        && parsed.value.birthDate.replaceAll('-', '') === id.slice(6, 14)
        && parsed.value.gender === (Number(id[16]) % 2 === 1 ? 'male' : 'female');
    }));
  });

  it('when any single character is changed, then the number is refused', () => {
    fc.assert(fc.property(validResidentId, fc.nat({ max: 17 }), fc.constantFrom(...'0123456789X'), (id, position, replacement) => {
      fc.pre(id[position] !== replacement && (position === 17 || replacement !== 'X'));
      const changed = id.slice(0, position) + replacement + id.slice(position + 1);
      return !parseResidentId(changed).ok;
    }));
  });

  it('when two adjacent different digits are swapped, then the number is refused (the weights catch transpositions)', () => {
    fc.assert(fc.property(validResidentId, fc.nat({ max: 15 }), (id, i) => {
      fc.pre(id[i] !== id[i + 1]);
      return !parseResidentId(id.slice(0, i) + id[i + 1] + id[i] + id.slice(i + 2)).ok;
    }));
  });

  it('when the shape, province, date or check character is wrong, then the problem is named', () => {
    const fix = (body: string) => body + residentIdCheckChar(body)!;
    expect(parseResidentId('51010419900101123')).toEqual({ ok: false, problem: 'format' });
    expect(parseResidentId('5101041990010112345')).toEqual({ ok: false, problem: 'format' });
    expect(parseResidentId(fix('99010419900101123'))).toEqual({ ok: false, problem: 'region' });
    expect(parseResidentId(fix('51010419900230123'))).toEqual({ ok: false, problem: 'date' });
    expect(parseResidentId(fix('51010418991231123'))).toEqual({ ok: false, problem: 'date' });
    expect(parseResidentId(fix('51010420000229123')).ok).toBe(true);
    const valid = fix('51010419900101123');
    expect(parseResidentId(valid.slice(0, 17) + (valid[17] === '0' ? '1' : '0'))).toEqual({ ok: false, problem: 'checksum' });
  });
});

describe('masking and age', () => {
  it('when a number is masked, then only the first 4 and last 4 characters remain', () => {
    fc.assert(fc.property(validResidentId, (id) => {
      const masked = maskResidentId(id);
      return masked === `${id.slice(0, 4)}**********${id.slice(14)}` && !masked.includes(id.slice(6, 14));
    }));
  });

  it('when age is taken, then it counts completed years on the Shanghai date, turning over on the birthday', () => {
    // 2026-05-16T16:00Z is already 2026-05-17 in Shanghai.
    expect(ageAt('2008-05-17', new Date('2026-05-16T15:59:59Z'))).toBe(17);
    expect(ageAt('2008-05-17', new Date('2026-05-16T16:00:00Z'))).toBe(18);
    expect(ageAt('2012-02-29', new Date('2026-02-28T04:00:00Z'))).toBe(13);
    expect(ageAt('2012-02-29', new Date('2026-03-01T04:00:00Z'))).toBe(14);
    expect(ageAt('2030-01-01', new Date('2026-01-01T04:00:00Z'))).toBeLessThan(0);
  });

  it('when time passes, then age never decreases and grows by exactly one a year', () => {
    fc.assert(fc.property(
      fc.date({ min: new Date('1950-01-01T00:00:00Z'), max: new Date('2020-01-01T00:00:00Z'), noInvalidDate: true }),
      fc.integer({ min: 0, max: 20_000 }),
      (birth, days) => {
        const birthDate = shanghaiDate(birth);
        const at = new Date(birth.getTime() + days * DAY);
        const later = new Date(at.getTime() + DAY);
        return ageAt(birthDate, later) >= ageAt(birthDate, at) && ageAt(birthDate, later) - ageAt(birthDate, at) <= 1;
      },
    ));
  });

  it('when an age is banded, then the legal thresholds 14 and 18 are band edges', () => {
    expect([0, 13, 14, 17, 18, 34, 35, 59, 60, 99].map(ageBandOf))
      .toEqual(['under_14', 'under_14', '14_17', '14_17', '18_34', '18_34', '35_59', '35_59', '60_plus', '60_plus']);
  });
});

describe('residentIdSchema', () => {
  it('when the check character is wrong, then the message says so in Chinese', () => {
    const body = '51010419900101123';
    const wrong = body + (residentIdCheckChar(body) === '0' ? '1' : '0');
    const result = residentIdSchema.safeParse(wrong);
    expect(result.success).toBe(false);
    expect(result.error?.issues[0]?.message).toBe('身份证号码校验位不正确，请逐位核对');
  });

  it('when a lower-case x is typed, then it is normalized to X', () => {
    const body = '11010519491231002';
    expect(residentIdSchema.parse(` ${body}x `)).toBe(`${body}X`);
  });
});
