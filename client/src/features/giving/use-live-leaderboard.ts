import { useMemo, useState } from 'react';
import type { UseQueryResult } from '@tanstack/react-query';
import type { LeaderboardTop } from '@tongxin/shared';
import { useRealtimeEvent, useResync, useRooms } from '@/features/realtime/use-realtime';

/** The board with the higher `seq` (its own, not the tally's): live events and API reads may arrive in any order. */
export function newerTop(current: LeaderboardTop | null, incoming: LeaderboardTop): LeaderboardTop {
  return current && current.seq >= incoming.seq ? current : incoming;
}

/**
 * A campaign's leaderboard, live: the fetched top until a `campaign:tally` carrying a newer one
 * arrives in the campaign's room; after a reconnect the query is fetched again to catch up.
 * Null while neither has come.
 */
export function useLiveLeaderboard(campaignId: string, query: UseQueryResult<LeaderboardTop>): LeaderboardTop | null {
  const [live, setLive] = useState<LeaderboardTop | null>(null);
  const rooms = useMemo(() => [{ kind: 'campaign' as const, id: campaignId }], [campaignId]);
  useRooms(rooms);
  useRealtimeEvent('campaign:tally', (event) => {
    const top = event.leaderboard;
    if (event.campaignId === campaignId && top) setLive((current) => newerTop(current, top));
  });
  useResync(() => void query.refetch());
  return query.data ? newerTop(live, query.data) : live;
}
