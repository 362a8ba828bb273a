/**
 * Resident identity card number (公民身份号码, GB 11643-1999): 18 characters. 1–6 the administrative
 * division where it was issued (GB/T 2260), 7–14 the birth date YYYYMMDD, 15–17 a sequence whose last
 * digit is odd for men and even for women, 18 a check character: the sum of the first 17 digits
 * weighted 7,9,10,5,8,4,2,1,6,3,7,9,10,5,8,4,2, mod 11, indexes "10X98765432".
 */
const WEIGHTS = [7, 9, 10, 5, 8, 4, 2, 1, 6, 3, 7, 9, 10, 5, 8, 4, 2] as const;
const CHECK_CHARS = '10X98765432';

/**
 * Province-level prefixes of GB/T 2260, plus 71 (Taiwan) and 81, 82, 83 (residence permits of Hong
 * Kong, Macao and Taiwan residents, which use the same number format).
 */
const PROVINCE_PREFIXES = new Set([
  '11', '12', '13', '14', '15', '21', '22', '23', '31', '32', '33', '34', '35', '36', '37', '41', '42', '43', '44', '45', '46',
  '50', '51', '52', '53', '54', '61', '62', '63', '64', '65', '71', '81', '82', '83',
]);

/** Birth years before this are refused as typing mistakes. */
export const RESIDENT_ID_MIN_BIRTH_YEAR = 1900;

export type Gender = 'male' | 'female';

export interface ResidentId {
  /** The normalized number: 18 characters, check character `X` in upper case. */
  number: string;
  /** The 6-digit division code it was issued in. */
  regionCode: string;
  /** Calendar date of birth, "YYYY-MM-DD". */
  birthDate: string;
  gender: Gender;
}

/** Why a number was refused, in the order the checks run. */
export type ResidentIdProblem = 'format' | 'region' | 'date' | 'checksum';

export type ResidentIdResult = { ok: true; value: ResidentId } | { ok: false; problem: ResidentIdProblem };

/** The check character for the first 17 digits, or null when they are not 17 digits. */
export function residentIdCheckChar(body: string): string | null {
  if (!/^\d{17}$/.test(body)) return null;
  let sum = 0;
  for (let i = 0; i < 17; i++) sum += Number(body[i]) * WEIGHTS[i]!;
  return CHECK_CHARS[sum % 11]!;
}

function isCalendarDate(year: number, month: number, day: number): boolean {
  const date = new Date(Date.UTC(year, month - 1, day));
  return date.getUTCFullYear() === year && date.getUTCMonth() === month - 1 && date.getUTCDate() === day;
}

/** Parses a number as typed (surrounding spaces and a lower-case `x` are accepted). Pure: "born in the future" is the caller's check. */
export function parseResidentId(input: string): ResidentIdResult {
  const number = input.trim().toUpperCase();
  if (!/^\d{17}[\dX]$/.test(number)) return { ok: false, problem: 'format' };
  if (!PROVINCE_PREFIXES.has(number.slice(0, 2))) return { ok: false, problem: 'region' };
  const year = Number(number.slice(6, 10));
  const month = Number(number.slice(10, 12));
  const day = Number(number.slice(12, 14));
  if (year < RESIDENT_ID_MIN_BIRTH_YEAR || !isCalendarDate(year, month, day)) return { ok: false, problem: 'date' };
  if (residentIdCheckChar(number.slice(0, 17)) !== number[17]) return { ok: false, problem: 'checksum' };
  return {
    ok: true,
    value: {
      number,
      regionCode: number.slice(0, 6),
      birthDate: `${number.slice(6, 10)}-${number.slice(10, 12)}-${number.slice(12, 14)}`,
      gender: Number(number[16]) % 2 === 1 ? 'male' : 'female',
    },
  };
}

export function isValidResidentId(input: string): boolean {
  return parseResidentId(input).ok;
}

/** "510104199001011234" → "5101**********1234": the only form shown, to anyone. */
export function maskResidentId(number: string): string {
  return number.length === 18 ? `${number.slice(0, 4)}${'*'.repeat(10)}${number.slice(14)}` : '*'.repeat(18);
}

/** China has had one offset, UTC+8, without daylight saving since 1991. */
const SHANGHAI_OFFSET_MS = 8 * 3_600_000;

/** The calendar date of an instant in Asia/Shanghai, "YYYY-MM-DD". */
export function shanghaiDate(at: Date): string {
  return new Date(at.getTime() + SHANGHAI_OFFSET_MS).toISOString().slice(0, 10);
}

/**
 * Completed years of age on the Asia/Shanghai date of `at`; negative when born after that date.
 * Someone born on 29 February comes of age on 1 March in common years.
 */
export function ageAt(birthDate: string, at: Date): number {
  const today = shanghaiDate(at);
  const years = Number(today.slice(0, 4)) - Number(birthDate.slice(0, 4));
  return today.slice(5) < birthDate.slice(5) ? years - 1 : years;
}

/** Age bands shown instead of an age: the legal thresholds (14, 18) and the usual volunteer cohorts. */
export const AGE_BANDS = [
  { code: 'under_14', label: '14 岁以下', from: 0 },
  { code: '14_17', label: '14–17 岁', from: 14 },
  { code: '18_34', label: '18–34 岁', from: 18 },
  { code: '35_59', label: '35–59 岁', from: 35 },
  { code: '60_plus', label: '60 岁及以上', from: 60 },
] as const;

export type AgeBand = (typeof AGE_BANDS)[number]['code'];

export function ageBandOf(age: number): AgeBand {
  let band: AgeBand = AGE_BANDS[0].code;
  for (const b of AGE_BANDS) if (age >= b.from) band = b.code;
  return band;
}
