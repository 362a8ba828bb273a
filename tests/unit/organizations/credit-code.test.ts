import fc from 'fast-check';
import { CREDIT_CODE_ALPHABET, creditCodeCheckChar, createOrganizationSchema, isValidCreditCode } from '@tongxin/shared';

const symbol = fc.constantFrom(...CREDIT_CODE_ALPHABET.split(''));
const digit = fc.constantFrom(...'0123456789'.split(''));
/** 17 characters shaped like a real code: two symbols, a 6-digit division, nine symbols. */
const body = fc.tuple(fc.array(symbol, { minLength: 2, maxLength: 2 }), fc.array(digit, { minLength: 6, maxLength: 6 }),
  fc.array(symbol, { minLength: 9, maxLength: 9 })).map(([a, b, c]) => [...a, ...b, ...c].join(''));
const withCheck = body.map((b) => b + creditCodeCheckChar(b)!);

describe('unified social credit code (GB 32100)', () => {
  it('when a published example is checked, then it is valid, and a changed check character is not', () => {
    expect(isValidCreditCode('91350100M000100Y43')).toBe(true);
    expect(isValidCreditCode('91350100M000100Y44')).toBe(false);
  });

  it('when any body gets its computed check character, then the code is valid', () => {
    fc.assert(fc.property(withCheck, (code) => isValidCreditCode(code)));
  });

  it('when any one character is replaced by another symbol, then the code is refused', () => {
    fc.assert(fc.property(withCheck, fc.nat(17), symbol, (code, i, replacement) => {
      fc.pre(code[i] !== replacement);
      return !isValidCreditCode(code.slice(0, i) + replacement + code.slice(i + 1));
    }));
  });

  it('when two different adjacent characters are swapped, then the code is refused', () => {
    fc.assert(fc.property(withCheck, fc.nat(16), (code, i) => {
      fc.pre(code[i] !== code[i + 1]);
      const swapped = code.slice(0, i) + code[i + 1] + code[i] + code.slice(i + 2);
      fc.pre(/^.{2}\d{6}/.test(swapped));
      return !isValidCreditCode(swapped);
    }));
  });

  it('when letters outside the alphabet (I, O, S, V, Z), lower case or wrong lengths appear, then the code is refused', () => {
    for (const bad of ['91350100M000100Y4', '91350100M000100Y433', '91350100M000100I43', '91350100m000100y43', '9135010OM000100Y43']) {
      expect(isValidCreditCode(bad)).toBe(false);
    }
  });

  it('when an organization registers, then the code must be a civil-affairs code of its type', () => {
    const base = { name: '成都市某基金会', type: 'foundation', registeringAuthority: '成都市民政局', contact: { name: '王', phone: '13900000001' } };
    const foundationBody = '53510104MJ1234567';
    const foundationCode = foundationBody + creditCodeCheckChar(foundationBody)!;
    expect(createOrganizationSchema.safeParse({ ...base, creditCode: foundationCode }).success).toBe(true);
    const asGroup = createOrganizationSchema.safeParse({ ...base, type: 'social_group', creditCode: foundationCode });
    expect(asGroup.error?.issues[0]).toMatchObject({ path: ['creditCode'], message: '统一社会信用代码与民政登记的组织类型不符' });
    expect(createOrganizationSchema.safeParse({ ...base, creditCode: '91350100M000100Y43' }).success).toBe(false);
  });
});
