import type { Actor, CampaignRecommendationView, CampaignRecommendationsQuery, CampaignView, RuralProjectView } from '@tongxin/shared';
import { divisionCodeOf } from '@tongxin/shared';
import { authorize } from '../access';
import { givingProfile, type PastGift } from './giving-profile';
import { campaignMomentum, RURAL_CATEGORY_AS, scoreTarget, type GivingTarget } from './giving-score';

/** What the recommender reads, through the campaigns, rural projects, donations and volunteers modules. */
export interface GivingPorts {
  /** Live campaigns. */
  liveCampaigns(actor: Actor): Promise<CampaignView[]>;
  /** Rural projects in planning or under way. */
  openRuralProjects(actor: Actor): Promise<RuralProjectView[]>;
  /** The donor's recent paid gifts, net of refunds. */
  pastGifts(actor: Actor): Promise<PastGift[]>;
  /** The donor's home district, when they have a volunteer profile with a home community. */
  homeDistrict(userId: string): Promise<string | undefined>;
}

function campaignTarget(c: CampaignView): { target: GivingTarget; percent: number } {
  const { momentum, percent, reason } = campaignMomentum(c.tally.raisedFen, c.tally.goalFen);
  return {
    percent,
    target: {
      kind: 'campaign', id: c.id, categories: [c.category], organizationId: c.organization.id, momentum,
      ...(c.communityCode ? { districtCode: divisionCodeOf(c.communityCode) } : {}), ...(reason ? { momentumReason: reason } : {}),
    },
  };
}

function projectTarget(p: RuralProjectView): GivingTarget {
  const active = p.status === 'active';
  return {
    kind: 'rural-project', id: p.id, categories: [...new Set([RURAL_CATEGORY_AS[p.category], 'rural_revitalization' as const])],
    districtCode: p.districtCode, organizationId: p.organizationId, momentum: active ? 0.6 : 0.3, ...(active ? { momentumReason: '项目实施中' } : {}),
  };
}

/** `GET /api/v1/me/campaign-recommendations`: live campaigns and open rural projects for a donor, ranked with reasons. */
export class DonorRecommendationsService {
  constructor(private readonly ports: GivingPorts) {}

  async recommend(actor: Actor, query: CampaignRecommendationsQuery): Promise<CampaignRecommendationView[]> {
    authorize(actor, 'giving:recommendations', { ownerUserId: actor.userId });
    const [campaigns, projects, gifts, homeDistrict] = await Promise.all([
      this.ports.liveCampaigns(actor), this.ports.openRuralProjects(actor), this.ports.pastGifts(actor), this.ports.homeDistrict(actor.userId),
    ]);
    const donor = givingProfile(query.interests ?? [], gifts, homeDistrict);
    const views: CampaignRecommendationView[] = [];
    for (const campaign of campaigns) {
      const { target, percent } = campaignTarget(campaign);
      if (percent >= 100) continue; // the goal is reached: other campaigns need the money more
      const { score, reasons } = scoreTarget(target, donor);
      views.push({
        kind: 'campaign', id: campaign.id, title: campaign.title, category: campaign.category, progressPercent: percent,
        ...(target.districtCode ? { districtCode: target.districtCode } : {}), score: round3(score), reasons,
      });
    }
    for (const project of projects) {
      const target = projectTarget(project);
      const { score, reasons } = scoreTarget(target, donor);
      views.push({ kind: 'rural-project', id: project.id, title: project.title, category: target.categories[0]!, districtCode: project.districtCode, score: round3(score), reasons });
    }
    return views.sort((a, b) => b.score - a.score || a.id.localeCompare(b.id)).slice(0, query.limit);
  }
}

const round3 = (x: number) => Math.round(x * 1000) / 1000;
