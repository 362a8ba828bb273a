import { Button, Text, View } from '@tarojs/components';
import { useDidShow } from '@tarojs/taro';
import { useQuery } from '@tanstack/react-query';
import { QueryState } from '@/components/query-state';
import { openPage } from '@/features/auth/navigation';
import { useRequireSession } from '@/features/auth/use-require-session';
import { shiftTimeRange } from '@/features/needs/need-labels';
import { communityNeedsKey, fetchCommunityNeeds } from '@/features/staff/staff.api';
import { fetchMe, meKey } from '@/features/volunteer/volunteer.api';
import { usePullRefresh } from '@/hooks/use-pull-refresh';
import '@/components/ui.css';

export default function StaffNeedsPage() {
  const signedIn = useRequireSession();
  const me = useQuery({ queryKey: meKey, queryFn: fetchMe, enabled: signedIn });
  const community = me.data?.scopes.communityCode ?? '';
  const needs = useQuery({ queryKey: communityNeedsKey(community), queryFn: () => fetchCommunityNeeds(community), enabled: community !== '' });
  // refetch() ignores `enabled`: only once the community is known.
  usePullRefresh(async () => (community !== '' ? needs.refetch() : me.refetch()));
  useDidShow(() => void (community !== '' && needs.refetch()));
  if (!signedIn) return null;
  if (me.isSuccess && community === '') return <Text className='ui-error'>只有社区工作者可以使用社区工作台</Text>;
  return (
    <View className='ui-page'>
      <View style={{ padding: '0 24px' }}>
        <Button className='ui-btn ui-btn--block' data-action='new-need' onClick={() => openPage('staffPostNeed')}>发布新需求</Button>
        <Button className='ui-btn ui-btn--plain ui-btn--block' data-action='verify' onClick={() => openPage('staffVerify')}>核定时长（异常记录）</Button>
      </View>
      <QueryState query={needs} loading='正在加载本社区的需求…' empty={{ when: (p) => p.items.length === 0, title: '本社区暂无进行中的需求', hint: '点上方按钮发布一个吧' }}>
        {(page) => (
          <>
            {page.items.map((need) => (
              <View key={need.id} className='ui-card' role='link' data-need-id={need.id} onClick={() => openPage('staffNeed', { id: need.id })}>
                <Text className='ui-text' style={{ fontWeight: 600 }}>{need.title}</Text>
                {need.shifts.slice(0, 3).map((s) => (
                  <Text key={s.id} className='ui-muted'>{shiftTimeRange(s)} · 已报名 {s.enrolled}/{s.capacity}</Text>
                ))}
              </View>
            ))}
          </>
        )}
      </QueryState>
    </View>
  );
}
