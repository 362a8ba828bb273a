import type { Actor, CampaignView } from '@tongxin/shared';
import { ConflictError } from '../../platform/errors';
import type { CampaignsService } from './campaigns.service';
import type { CampaignFollowers } from './followers';

/** Following a campaign (关注): any signed-in user, on campaigns they may see that have not closed. */
export class CampaignFollowing {
  constructor(
    private readonly campaigns: CampaignsService,
    private readonly followers: CampaignFollowers,
    private readonly now: () => Date = () => new Date(),
  ) {}

  async follow(actor: Actor, campaignId: string): Promise<{ following: true; created: boolean }> {
    const campaign = await this.campaigns.requireVisible(actor, campaignId);
    if (campaign.status === 'closed') throw new ConflictError('CAMPAIGN_TRANSITION_INVALID', '项目已关闭，无法关注');
    return { following: true, created: await this.followers.follow(campaignId, actor.userId, this.now()) };
  }

  async unfollow(actor: Actor, campaignId: string): Promise<void> {
    await this.campaigns.requireVisible(actor, campaignId);
    await this.followers.unfollow(campaignId, actor.userId);
  }

  /** The campaign page, with whether the caller follows it. */
  async get(actor: Actor, campaignId: string): Promise<CampaignView> {
    const [view, following] = await Promise.all([this.campaigns.get(actor, campaignId), this.followers.isFollowing(campaignId, actor.userId)]);
    return { ...view, following };
  }
}
