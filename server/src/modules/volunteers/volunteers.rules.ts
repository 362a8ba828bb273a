import {
  ageAt, NEED_CATEGORIES, PROFILE_FIELDS, SKILLS,
  type Eligibility, type NeedCategory, type SkillCode,
} from '@tongxin/shared';
import type { VolunteerProfileRecord } from './volunteers.model';

/** Below this age a profile needs a guardian's consent record. */
export const CONSENT_REQUIRED_UNDER = 14;
/** Below this age only categories marked `minorsAllowed` are open. */
export const ADULT_AGE = 18;

/** What a shift asks of a volunteer. */
export interface ShiftRequirements {
  category: NeedCategory;
  requiredSkills: readonly SkillCode[];
  /** Ages are taken on the shift's (Asia/Shanghai) start date. */
  startsAt: Date;
}

const label = (code: SkillCode) => SKILLS.find((s) => s.code === code)?.label ?? code;

/**
 * May this volunteer serve this shift? Real-name data first (name, ID number, a phone on the profile
 * or the account), then the age rule, then skills: every required skill must be held.
 */
export function eligibilityOf(profile: VolunteerProfileRecord | null, hasPhone: boolean, shift: ShiftRequirements): Eligibility {
  const missing = [
    ...(profile?.residentIdKey === undefined ? [PROFILE_FIELDS.realName, PROFILE_FIELDS.residentId] : []),
    ...(hasPhone ? [] : [PROFILE_FIELDS.phone]),
  ];
  if (profile?.deactivatedAt) {
    return { eligible: false, code: 'VOLUNTEER_PROFILE_REQUIRED', reason: '你已暂停志愿服务，重新保存志愿者资料即可恢复报名' };
  }
  if (!profile?.birthDate || missing.length > 0) {
    return { eligible: false, code: 'VOLUNTEER_PROFILE_REQUIRED', reason: `报名前请先在志愿者资料中填写：${missing.join('、')}` };
  }
  const age = ageAt(profile.birthDate, shift.startsAt);
  if (age < CONSENT_REQUIRED_UNDER && profile.guardianConsent === undefined) {
    return { eligible: false, code: 'VOLUNTEER_PROFILE_REQUIRED', reason: `未满 ${CONSENT_REQUIRED_UNDER} 周岁的志愿者须先提交监护人同意记录` };
  }
  const category = NEED_CATEGORIES.find((c) => c.code === shift.category);
  if (age < ADULT_AGE && !category?.minorsAllowed) {
    return {
      eligible: false,
      code: 'AGE_RESTRICTED',
      reason: `「${category?.label ?? shift.category}」类服务仅限年满 ${ADULT_AGE} 周岁的志愿者报名`,
    };
  }
  const lacking = shift.requiredSkills.filter((code) => !profile.skills.includes(code));
  if (lacking.length > 0) {
    return { eligible: false, code: 'SKILLS_MISSING', reason: `该需求要求以下技能，你的资料中还没有：${lacking.map(label).join('、')}` };
  }
  return { eligible: true };
}
