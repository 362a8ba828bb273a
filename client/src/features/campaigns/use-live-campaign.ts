import { useEffect, useMemo, useRef, useState } from 'react';
import type { CampaignTally, CampaignView, RecentDonationView } from '@tongxin/shared';
import { useLiveState, useRealtimeEvent, useResync, useRooms, type LiveState } from '@/features/realtime/use-realtime';

/** Feed entries kept on screen. */
const FEED_SIZE = 20;

export interface LiveCampaign {
  tally: CampaignTally | null;
  feed: RecentDonationView[];
  state: LiveState;
}

/** Takes the tally with the higher `seq`: live events and API reads may arrive in any order. */
export function newerTally(current: CampaignTally | null, incoming: CampaignTally): CampaignTally {
  return current && current.seq >= incoming.seq ? current : incoming;
}

/**
 * A campaign's tally and recent donations, live: the `campaign:<id>` room is watched, tallies
 * older than the last seen `seq` are dropped, and after a reconnect `refetch` catches up from the API
 * (its tally carries a `seq` too, so it only wins when it is newer).
 */
export function useLiveCampaign(campaign: CampaignView | undefined, refetch: () => void): LiveCampaign {
  const id = campaign?.id;
  const [tally, setTally] = useState<CampaignTally | null>(null);
  const [feed, setFeed] = useState<RecentDonationView[]>([]);
  const seenFeed = useRef(false);
  const rooms = useMemo(() => (id ? [{ kind: 'campaign' as const, id }] : []), [id]);
  const state = useLiveState();

  useEffect(() => {
    if (!campaign) return;
    setTally((current) => newerTally(current, campaign.tally));
    // The fetched list seeds the feed once; afterwards live events prepend to it.
    if (!seenFeed.current) {
      seenFeed.current = true;
      setFeed(campaign.recentDonations.slice(0, FEED_SIZE));
    }
  }, [campaign]);

  useRooms(rooms, id !== undefined);
  useRealtimeEvent('campaign:tally', (event) => {
    if (event.campaignId !== id) return;
    const { campaignId: _ignored, recent, ...incoming } = event;
    setTally((current) => newerTally(current, incoming));
    // New gifts even when another replica's tally already overtook this one.
    if (recent?.length) setFeed((current) => [...recent, ...current].slice(0, FEED_SIZE));
  }, id !== undefined);
  useResync(refetch, id !== undefined);

  return { tally, feed, state };
}
