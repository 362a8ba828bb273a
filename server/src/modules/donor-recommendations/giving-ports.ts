import {
  divisionCodeOf, listCampaignsQuerySchema, listRuralProjectsQuerySchema, type Actor, type CampaignView, type RuralProjectView,
} from '@tongxin/shared';
import type { CampaignsModule } from '../campaigns';
import type { DonationsModule } from '../donations';
import type { RuralProjectsModule } from '../rural-projects';
import type { VolunteersModule } from '../volunteers';
import type { GivingPorts } from './donor-recommendations.service';
import type { PastGift } from './giving-profile';

/** Pages read per list: the recommender ranks at most this many × 100 live campaigns. */
const MAX_PAGES = 3;
/** The latest gifts the giving history is drawn from. */
const HISTORY_GIFTS = 100;

export interface GivingSources {
  campaigns: Pick<CampaignsModule, 'service'>;
  donations: Pick<DonationsModule, 'service'>;
  ruralProjects: Pick<RuralProjectsModule, 'discovery'>;
  volunteers: Pick<VolunteersModule, 'service'>;
}

/** The recommender's ports over the other modules' services (their own authorization applies). */
export function givingPortsOf({ campaigns, donations, ruralProjects, volunteers }: GivingSources): GivingPorts {
  return {
    liveCampaigns: async (actor: Actor) => {
      const found: CampaignView[] = [];
      let cursor: string | undefined;
      for (let page = 0; page < MAX_PAGES; page++) {
        const { items, nextCursor } = await campaigns.service.list(actor, listCampaignsQuerySchema.parse({ status: 'live', limit: 100, ...(cursor ? { cursor } : {}) }));
        found.push(...items);
        if (!nextCursor) break;
        cursor = nextCursor;
      }
      return found;
    },
    openRuralProjects: async (actor: Actor) => {
      const pages = await Promise.all((['active', 'planning'] as const).map((status) => ruralProjects.discovery.list(actor, listRuralProjectsQuerySchema.parse({ status, limit: 100 }))));
      return pages.flatMap((p): RuralProjectView[] => p.items);
    },
    pastGifts: async (actor: Actor) => {
      const { items } = await donations.service.listMine(actor, undefined, HISTORY_GIFTS);
      const paid = items.filter((d) => d.status === 'paid' && d.amountFen > d.refundedFen);
      const records = new Map(await Promise.all([...new Set(paid.map((d) => d.campaignId))].map(async (id) => [id, await campaigns.service.recent(id)] as const)));
      return paid.map((d): PastGift => {
        const campaign = records.get(d.campaignId)!;
        return {
          campaignId: d.campaignId, amountFen: d.amountFen - d.refundedFen, category: campaign.category, organizationId: campaign.organizationId.toHexString(),
          ...(campaign.communityCode ? { districtCode: divisionCodeOf(campaign.communityCode) } : {}),
        };
      });
    },
    homeDistrict: (userId: string) => volunteers.service.homeDistrictOf(userId),
  };
}
