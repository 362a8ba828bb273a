/**
 * Unified social credit code (统一社会信用代码, GB 32100-2015): 18 characters over 31 symbols
 * (digits and capitals without I, O, Z, S, V). Position 1 is the registering authority (5 = civil
 * affairs), 2 the category, 3–8 the administrative division, 9–17 the organization code and 18 a
 * check character: the weighted sum of all 18 values (weights 3^i mod 31, check weight 1) is 0 mod 31.
 */
export const CREDIT_CODE_ALPHABET = '0123456789ABCDEFGHJKLMNPQRTUWXY';

const WEIGHTS = [1, 3, 9, 27, 19, 26, 16, 17, 20, 29, 25, 13, 8, 24, 10, 30, 28] as const;

const SHAPE = /^[0-9A-HJ-NPQRTUWXY]{2}\d{6}[0-9A-HJ-NPQRTUWXY]{10}$/;

/** The check character for the first 17 characters, or null when they are not 17 valid symbols. */
export function creditCodeCheckChar(body: string): string | null {
  if (body.length !== 17) return null;
  let sum = 0;
  for (let i = 0; i < 17; i++) {
    const value = CREDIT_CODE_ALPHABET.indexOf(body[i]!);
    if (value < 0) return null;
    sum += value * WEIGHTS[i]!;
  }
  return CREDIT_CODE_ALPHABET[(31 - (sum % 31)) % 31]!;
}

/** True for a well-formed 18-character code whose check character is right (upper case only). */
export function isValidCreditCode(code: string): boolean {
  return SHAPE.test(code) && creditCodeCheckChar(code.slice(0, 17)) === code[17];
}

/** Social organizations registered with civil affairs: authority `5`, category by type. */
export const CIVIL_AFFAIRS_CATEGORY = {
  social_group: '1',
  social_service_agency: '2',
  foundation: '3',
} as const;
