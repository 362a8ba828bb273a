import { LEADERBOARD_LIVE_SIZE, type CampaignLeaderboardView } from '@tongxin/shared';
import { api } from '@/services/api';

export const leaderboardKey = (campaignId: string) => ['campaigns', campaignId, 'leaderboard'] as const;

/** The top of the campaign's opt-in donor leaderboard (as many lines as its room carries live). */
export function fetchLeaderboard(campaignId: string): Promise<CampaignLeaderboardView> {
  return api.get<CampaignLeaderboardView>(`/campaigns/${campaignId}/leaderboard`, { limit: LEADERBOARD_LIVE_SIZE });
}
