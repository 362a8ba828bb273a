/**
 * Volunteer skills. Codes are stable (stored, indexed as bit positions by matching);
 * append new skills at the end, never renumber.
 */
export const SKILLS = [
  { code: 'elderly_care', label: '助老' },
  { code: 'disability_support', label: '助残' },
  { code: 'child_care', label: '关爱儿童' },
  { code: 'medical_care', label: '医疗护理' },
  { code: 'counseling', label: '心理疏导' },
  { code: 'legal_aid', label: '法律咨询' },
  { code: 'tutoring', label: '教育辅导' },
  { code: 'driving', label: '驾驶' },
  { code: 'cooking', label: '烹饪/助餐' },
  { code: 'sign_language', label: '手语' },
  { code: 'foreign_language', label: '外语' },
  { code: 'it_support', label: '信息技术' },
  { code: 'emergency_rescue', label: '应急救援' },
  { code: 'arts', label: '文艺' },
  { code: 'photography', label: '摄影宣传' },
  // The 16th and last bit matching's Uint16 skill masks hold: a new skill needs wider masks first.
  { code: 'delivery', label: '送餐' },
] as const;

export type SkillCode = (typeof SKILLS)[number]['code'];
export const SKILL_CODES = SKILLS.map((s) => s.code) as unknown as readonly [SkillCode, ...SkillCode[]];

/** Categories of community service needs; `minorsAllowed` marks those suitable for volunteers under 18. */
export const NEED_CATEGORIES = [
  { code: 'elderly_visit', label: '探访独居老人', minorsAllowed: true },
  { code: 'meal_delivery', label: '助餐送餐', minorsAllowed: false },
  { code: 'community_service', label: '社区服务', minorsAllowed: true },
  { code: 'child_care', label: '关爱儿童', minorsAllowed: true },
  { code: 'disability_support', label: '助残服务', minorsAllowed: false },
  { code: 'health', label: '健康义诊', minorsAllowed: false },
  { code: 'legal_aid', label: '法律援助', minorsAllowed: false },
  { code: 'environment', label: '环境保护', minorsAllowed: true },
  { code: 'culture', label: '文化活动', minorsAllowed: true },
  { code: 'emergency', label: '应急救援', minorsAllowed: false },
  { code: 'rural_revitalization', label: '乡村振兴', minorsAllowed: true },
] as const;

export type NeedCategory = (typeof NEED_CATEGORIES)[number]['code'];
export const NEED_CATEGORY_CODES = NEED_CATEGORIES.map((c) => c.code) as unknown as readonly [
  NeedCategory,
  ...NeedCategory[],
];

export const BENEFICIARY_TYPES = [
  { code: 'elderly_alone', label: '独居老人' },
  { code: 'disabled', label: '残障人士' },
  { code: 'children_in_need', label: '困境儿童' },
  { code: 'low_income', label: '低保家庭' },
  { code: 'residents', label: '社区居民' },
] as const;

export type BeneficiaryType = (typeof BENEFICIARY_TYPES)[number]['code'];
export const BENEFICIARY_CODES = BENEFICIARY_TYPES.map((b) => b.code) as unknown as readonly [
  BeneficiaryType,
  ...BeneficiaryType[],
];
