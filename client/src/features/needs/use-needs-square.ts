import { useMemo } from 'react';
import Taro, { usePullDownRefresh, useReachBottom } from '@tarojs/taro';
import { useRequireSession } from '@/features/auth/use-require-session';
import { useLiveSlots } from './use-live-slots';
import { useOpenNeeds } from './use-open-needs';

/** Everything the needs square shows: the signed-in user's open needs with live places. */
export function useNeedsSquare() {
  const signedIn = useRequireSession();
  const list = useOpenNeeds(signedIn);
  const needIds = useMemo(() => list.needs.map((need) => need.id), [list.needs]);
  // After a reconnect the list is fetched again: the places may have changed while offline.
  const live = useLiveSlots(needIds, signedIn && list.status === 'ready', () => {
    live.reset();
    void list.reload();
  });

  usePullDownRefresh(() => {
    live.reset();
    void list.reload().finally(() => Taro.stopPullDownRefresh());
  });
  useReachBottom(() => {
    if (list.hasMore) void list.loadMore();
  });

  return { signedIn, ...list, live: live.state, slots: live.slots };
}
