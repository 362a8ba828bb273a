import type { NeedCategory, SkillCode } from './taxonomy';

/**
 * Skills that suit a need category beyond what a need requires: matching ranks volunteers holding
 * more of them higher (skill fit), and the synthetic city draws required skills from them.
 */
export const CATEGORY_SKILLS: Record<NeedCategory, readonly SkillCode[]> = {
  elderly_visit: ['elderly_care'],
  meal_delivery: ['delivery', 'driving', 'cooking'],
  community_service: ['it_support'],
  child_care: ['child_care', 'tutoring'],
  disability_support: ['disability_support', 'sign_language'],
  health: ['medical_care', 'counseling'],
  legal_aid: ['legal_aid'],
  environment: [],
  culture: ['arts', 'photography'],
  emergency: ['emergency_rescue', 'medical_care'],
  rural_revitalization: ['tutoring', 'it_support'],
};
