import type { Actor, CampaignLeaderboardView } from '@tongxin/shared';
import type { CampaignsService } from './campaigns.service';
import type { CampaignTallies } from './campaigns.tally';

/**
 * A campaign's opt-in donor leaderboard (上榜): donors who asked for it, by the donor's own money of
 * the donations they put on the board, net of refunds, names masked. Visible to whoever may see the
 * campaign. Redis holds it, moved with the live tally and rebuilt from the ledger by reconciliation.
 */
export class CampaignLeaderboard {
  constructor(
    private readonly campaigns: Pick<CampaignsService, 'requireVisible'>,
    private readonly tallies: Pick<CampaignTallies, 'leaderboard'>,
  ) {}

  async top(actor: Actor, campaignId: string, limit: number): Promise<CampaignLeaderboardView> {
    await this.campaigns.requireVisible(actor, campaignId, true);
    return { campaignId, ...(await this.tallies.leaderboard(campaignId, limit)) };
  }
}
