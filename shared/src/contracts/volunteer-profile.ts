import { z } from './zod';
import { communityCodeSchema, objectIdSchema, pointSchema } from './common';
import { FULL_AVAILABILITY, SLOTS_PER_DAY, DAYS_PER_WEEK, type AvailabilityGrid } from '../domain/availability';
import { findRegion } from '../domain/regions/region-tree';
import { parseResidentId, type AgeBand, type Gender, type ResidentIdProblem } from '../domain/resident-id';
import { SKILL_CODES, SKILLS, type SkillCode } from '../domain/taxonomy';

/** Languages a volunteer can serve in. Codes are stored: append, never rename. */
export const LANGUAGES = [
  { code: 'mandarin', label: '普通话' },
  { code: 'sichuanese', label: '四川话' },
  { code: 'cantonese', label: '粤语' },
  { code: 'tibetan', label: '藏语' },
  { code: 'yi', label: '彝语' },
  { code: 'english', label: '英语' },
  { code: 'japanese', label: '日语' },
  { code: 'korean', label: '韩语' },
  { code: 'french', label: '法语' },
  { code: 'german', label: '德语' },
  { code: 'russian', label: '俄语' },
  { code: 'spanish', label: '西班牙语' },
  { code: 'arabic', label: '阿拉伯语' },
] as const;

export type LanguageCode = (typeof LANGUAGES)[number]['code'];
export const LANGUAGE_CODES = LANGUAGES.map((l) => l.code) as unknown as readonly [LanguageCode, ...LanguageCode[]];

export const GUARDIAN_RELATIONS = [
  { code: 'father', label: '父亲' },
  { code: 'mother', label: '母亲' },
  { code: 'other_guardian', label: '其他法定监护人' },
] as const;

export type GuardianRelation = (typeof GUARDIAN_RELATIONS)[number]['code'];
const GUARDIAN_RELATION_CODES = GUARDIAN_RELATIONS.map((r) => r.code) as unknown as readonly [GuardianRelation, ...GuardianRelation[]];

const RESIDENT_ID_MESSAGES: Record<ResidentIdProblem, string> = {
  format: '身份证号码应为 18 位（最后一位可以是 X）',
  region: '身份证号码前两位的地区码不正确',
  date: '身份证号码中的出生日期无效',
  checksum: '身份证号码校验位不正确，请逐位核对',
};

/** Chinese given and family names, with the middle dot of transliterated names (阿依古丽·买买提). */
const chineseNameSchema = (what: string) => z
  .string({ message: `请填写${what}` })
  .trim()
  .regex(/^[\u3400-\u9fff][\u3400-\u9fff·]{0,18}[\u3400-\u9fff]$/, `${what}应为 2–20 个汉字，与身份证一致`);

/** An 18-character resident ID number; parsed to its normalized form (upper-case X). */
export const residentIdSchema = z
  .string({ message: '请填写身份证号码' })
  .max(32, '身份证号码应为 18 位（最后一位可以是 X）')
  .transform((value, ctx) => {
    const parsed = parseResidentId(value);
    if (parsed.ok) return parsed.value.number;
    ctx.addIssue({ code: 'custom', message: RESIDENT_ID_MESSAGES[parsed.problem] });
    return z.NEVER;
  });

/** An 11-digit mainland mobile number. */
export const mobilePhoneSchema = z.string({ message: '请填写手机号码' }).regex(/^1[3-9]\d{9}$/, '手机号码应为 11 位大陆手机号');

const AVAILABILITY_MESSAGE = `空闲时间应为 ${DAYS_PER_WEEK}×${SLOTS_PER_DAY} 的时间表（周一至周日 × 早、上午、下午、晚上），或对应的时段掩码`;

/** Weekly availability: the 7 × 4 grid, or its bitmask (see domain/availability.ts). */
export const availabilityInputSchema = z.union([
  z.number().int().min(0).max(FULL_AVAILABILITY),
  z.array(z.array(z.boolean()).length(SLOTS_PER_DAY)).length(DAYS_PER_WEEK),
], { message: AVAILABILITY_MESSAGE });

export const guardianConsentSchema = z.strictObject({
  guardianName: chineseNameSchema('监护人姓名'),
  relation: z.enum(GUARDIAN_RELATION_CODES, { message: '请选择监护人与志愿者的关系（父亲、母亲或其他法定监护人）' }),
  guardianPhone: mobilePhoneSchema,
  /** The day the guardian consented, "YYYY-MM-DD" (Asia/Shanghai); not in the future. */
  consentedOn: z.iso.date({ message: '同意日期格式应为 YYYY-MM-DD' }),
}, { message: '监护人同意记录格式不正确' });

/**
 * `PUT /api/v1/me/volunteer-profile`: the whole profile, replacing the stored one. Every field may be
 * left out while the profile is being filled in (completeness says what is missing), but signing up
 * for a shift needs the real-name fields. Name and ID number come together or not at all.
 */
export const volunteerProfileSchema = z.strictObject({
  realName: chineseNameSchema('姓名').optional(),
  residentId: residentIdSchema.optional(),
  /** Optional when the account already has a phone from SMS sign-in. */
  phone: mobilePhoneSchema.optional(),
  skills: z.array(z.enum(SKILL_CODES, { message: '技能不在列表中' }), { message: '技能应为列表' })
    .max(SKILLS.length, `最多选择 ${SKILLS.length} 项技能`)
    .refine((codes) => new Set(codes).size === codes.length, '技能不能重复')
    .default([]),
  availability: availabilityInputSchema.optional(),
  /** Stored rounded to 3 decimals (about 100 m) and shown to no one but the volunteer. */
  homeLocation: pointSchema.optional(),
  /** How far the volunteer will travel, whole kilometres. */
  serviceRadiusKm: z.number({ message: '服务半径应为数字' }).int('服务半径须为整数公里')
    .min(1, '服务半径至少 1 公里').max(50, '服务半径最多 50 公里').optional(),
  homeCommunityCode: communityCodeSchema
    .refine((code) => findRegion(code)?.level === 'community', '所在社区不存在，请从列表中选择').optional(),
  languages: z.array(z.enum(LANGUAGE_CODES, { message: '语言不在列表中' }), { message: '语言应为列表' })
    .max(LANGUAGES.length, `最多选择 ${LANGUAGES.length} 种语言`)
    .refine((codes) => new Set(codes).size === codes.length, '语言不能重复')
    .default([]),
  /** Required when the volunteer is under 14 (checked by the server, which knows today's date). */
  guardianConsent: guardianConsentSchema.optional(),
}).refine((p) => (p.realName === undefined) === (p.residentId === undefined), {
  message: '姓名和身份证号码须同时填写',
  path: ['residentId'],
});

export const volunteerParamsSchema = z.strictObject({ id: objectIdSchema });

export type VolunteerProfileBody = z.input<typeof volunteerProfileSchema>;
export type VolunteerProfileInput = z.infer<typeof volunteerProfileSchema>;

/** The fields completeness counts, with the labels a client shows for what is missing. */
export const PROFILE_FIELDS = {
  realName: '姓名',
  residentId: '身份证号码',
  phone: '手机号码',
  skills: '技能',
  availability: '空闲时间',
  homeLocation: '居住位置',
  serviceRadiusKm: '服务半径',
  homeCommunityCode: '所在社区',
  languages: '语言',
} as const;

export type ProfileField = keyof typeof PROFILE_FIELDS;

export interface ProfileCompleteness {
  /** 0–100, whole percent of PROFILE_FIELDS filled in. */
  percent: number;
  missing: ProfileField[];
}

export interface AvailabilityView {
  /** 28-bit mask, bit `day * 4 + slot` (Monday first; 早, 上午, 下午, 晚上). */
  mask: number;
  grid: AvailabilityGrid;
}

/** What the volunteer sees of their own profile: the ID number only masked, the home point only rounded. */
export interface VolunteerProfileView {
  userId: string;
  realName: string | null;
  /** e.g. "5101**********123X". */
  residentIdMasked: string | null;
  birthYear: number | null;
  ageBand: AgeBand | null;
  gender: Gender | null;
  /** Masked, e.g. "138****5678": the profile's phone, else the account's. */
  phone: string | null;
  skills: SkillCode[];
  availability: AvailabilityView;
  /** Rounded to 3 decimals (about 100 m). */
  homeLocation: { lat: number; lng: number } | null;
  serviceRadiusKm: number | null;
  homeCommunityCode: string | null;
  homeCommunityName: string | null;
  languages: LanguageCode[];
  guardianConsent: { guardianName: string; relation: GuardianRelation; guardianPhone: string; consentedOn: string } | null;
  completeness: ProfileCompleteness;
  updatedAt: string;
}

/** What authorized staff see of a volunteer (`GET /api/v1/volunteers/:id`): masked, no home point, no birth date. */
export interface VolunteerProfileSummary {
  userId: string;
  /** The first character, the rest starred: "张*", "欧阳修" → "欧**". */
  realNameMasked: string | null;
  residentIdMasked: string | null;
  ageBand: AgeBand | null;
  gender: Gender | null;
  phone: string | null;
  skills: SkillCode[];
  availability: AvailabilityView;
  serviceRadiusKm: number | null;
  homeCommunityCode: string | null;
  homeCommunityName: string | null;
  languages: LanguageCode[];
  hasGuardianConsent: boolean;
}

/** Why a volunteer may not sign up for a shift: a stable error code and a Chinese reason naming the rule. */
export type Eligibility =
  | { eligible: true }
  | { eligible: false; code: 'VOLUNTEER_PROFILE_REQUIRED' | 'AGE_RESTRICTED' | 'SKILLS_MISSING'; reason: string };
