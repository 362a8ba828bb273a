import { Text, View } from '@tarojs/components';
import type { UseQueryResult } from '@tanstack/react-query';
import type { LeaderboardTop } from '@tongxin/shared';
import { QueryState } from '@/components/query-state';
import { DonorLines } from './donor-lines';
import '@/components/ui.css';

/**
 * 爱心榜: the donors who chose 上榜显示, names masked. `query` gives the loading and error states;
 * `top` is what to show (the fetched board or a newer live one, see useLiveLeaderboard).
 */
export function CampaignLeaderboard({ query, top }: { query: UseQueryResult<LeaderboardTop>; top: LeaderboardTop | null }) {
  return (
    <View data-section='leaderboard' aria-label='爱心榜'>
      <Text className='ui-subtitle'>爱心榜</Text>
      <Text className='ui-muted'>捐赠时打开“上榜显示”即可上榜，昵称打码显示</Text>
      <QueryState query={query} loading='正在加载爱心榜…'>
        {() => <DonorLines lines={top?.items ?? []} empty='还没有人上榜，来做第一个吧' marker='leaderboard-line' />}
      </QueryState>
    </View>
  );
}
