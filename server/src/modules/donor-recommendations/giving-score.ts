import { CAMPAIGN_CATEGORIES, findRegion, type CampaignCategory, type RuralProjectCategory } from '@tongxin/shared';
import type { GivingProfile } from './giving-profile';

/**
 * The donor recommendation score, in [0, 1]:
 *
 *   0.45 × interest      1 for a category the donor picked, else its share of their past giving
 *                        (relative to their most given category)
 *   0.25 × region        1 in the donor's home district, else the district's share of their past giving
 *   0.15 × organization  1 when the donor has given to the organization before
 *   0.15 × momentum      campaigns: the share of the goal raised; rural projects: 0.6 active, 0.3 planning
 *
 * A campaign the donor has already given to scores half (still shown, below new ones). Ties go to
 * the smaller id. Each part that counts comes with a reason in Chinese.
 */
export const GIVING_WEIGHTS = { interest: 0.45, region: 0.25, organization: 0.15, momentum: 0.15 } as const;

const ALREADY_GIVEN_FACTOR = 0.5;
const NEAR_GOAL_PERCENT = 60;

/** What is scored: a live campaign or an open rural project, reduced to what the score reads. */
export interface GivingTarget {
  kind: 'campaign' | 'rural-project';
  id: string;
  /** Categories it counts under (a rural project: its mapped category and rural revitalization). */
  categories: readonly CampaignCategory[];
  districtCode?: string;
  organizationId: string;
  /** 0–1. */
  momentum: number;
  /** The momentum's reason, when it is worth saying. */
  momentumReason?: string;
}

export interface ScoredTarget {
  score: number;
  reasons: string[];
}

const labelOf = (category: CampaignCategory) => CAMPAIGN_CATEGORIES.find((c) => c.code === category)?.label ?? category;
const districtName = (code: string) => findRegion(code)?.name ?? code;

export function scoreTarget(target: GivingTarget, donor: GivingProfile): ScoredTarget {
  const reasons: string[] = [];
  let interest = 0;
  for (const category of target.categories) {
    if (donor.picked.has(category)) {
      if (interest < 1) reasons.push(`你关注的${labelOf(category)}`);
      interest = 1;
      break;
    }
  }
  if (interest < 1) {
    const [category, share] = target.categories
      .map((c) => [c, donor.categories.get(c) ?? 0] as const)
      .reduce((best, next) => (next[1] > best[1] ? next : best), [target.categories[0]!, 0] as const);
    interest = share;
    if (share > 0) reasons.push(`你常捐助的${labelOf(category)}`);
  }
  let region = 0;
  if (target.districtCode && target.districtCode === donor.homeDistrict) {
    region = 1;
    reasons.push(`你所在的${districtName(target.districtCode)}`);
  } else if (target.districtCode) {
    region = donor.districts.get(target.districtCode) ?? 0;
    if (region > 0) reasons.push(`你捐助过的${districtName(target.districtCode)}`);
  }
  const organization = donor.organizations.has(target.organizationId) ? 1 : 0;
  if (organization) reasons.push('你支持过的机构');
  if (target.momentumReason) reasons.push(target.momentumReason);
  let score = GIVING_WEIGHTS.interest * interest + GIVING_WEIGHTS.region * region + GIVING_WEIGHTS.organization * organization
    + GIVING_WEIGHTS.momentum * Math.min(1, Math.max(0, target.momentum));
  if (target.kind === 'campaign' && donor.campaigns.has(target.id)) {
    score *= ALREADY_GIVEN_FACTOR;
    reasons.push('你已捐助过');
  }
  return { score, reasons };
}

/** The campaign category a rural project's own category counts as (besides rural revitalization). */
export const RURAL_CATEGORY_AS: Record<RuralProjectCategory, CampaignCategory> = {
  industry: 'rural_revitalization', education: 'education', ecommerce: 'rural_revitalization',
  medical: 'medical', culture: 'rural_revitalization', ecology: 'environment',
};

/** A campaign's momentum: raised ÷ goal, with a reason once it is near the goal. */
export function campaignMomentum(raisedFen: number, goalFen: number): { momentum: number; percent: number; reason?: string } {
  const percent = goalFen > 0 ? Math.min(100, Math.floor((raisedFen * 100) / goalFen)) : 0;
  return { momentum: percent / 100, percent, ...(percent >= NEAR_GOAL_PERCENT ? { reason: `已筹 ${percent}%，即将达成` } : {}) };
}
