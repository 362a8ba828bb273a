import type { SkillCode } from '@tongxin/shared';

/**
 * Meal delivery tasks ask for the 送餐 skill itself (they used to take 驾驶). A volunteer who offers
 * driving but not delivery is asked, never signed up silently: the skill is theirs to add.
 */
export function deliverySkillHint(skills: readonly SkillCode[]): string | null {
  return skills.includes('driving') && !skills.includes('delivery')
    ? '助餐送餐任务只邀请选了「送餐」的志愿者；愿意给老人送餐的话，请在技能里加上「送餐」。'
    : null;
}
