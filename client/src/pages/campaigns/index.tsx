import { Button, Text, View } from '@tarojs/components';
import { useReachBottom } from '@tarojs/taro';
import { useInfiniteQuery } from '@tanstack/react-query';
import { CAMPAIGN_CATEGORIES } from '@tongxin/shared';
import { SectionNav } from '@/components/section-nav';
import { StateView } from '@/components/state-view';
import { asApiError } from '@/services/api';
import { goToLogin, openPage } from '@/features/auth/navigation';
import { useRequireSession } from '@/features/auth/use-require-session';
import { campaignsKey, fetchCampaigns } from '@/features/campaigns/campaigns.api';
import { LiveProgressBar } from '@/features/campaigns/live-progress-bar';
import { usePullRefresh } from '@/hooks/use-pull-refresh';
import '@/components/ui.css';

function List() {
  const campaigns = useInfiniteQuery({
    queryKey: campaignsKey,
    queryFn: ({ pageParam }) => fetchCampaigns(pageParam),
    initialPageParam: undefined as string | undefined,
    getNextPageParam: (last) => last.nextCursor ?? undefined,
  });
  usePullRefresh(() => campaigns.refetch());
  useReachBottom(() => {
    if (campaigns.hasNextPage && !campaigns.isFetchingNextPage) void campaigns.fetchNextPage();
  });
  if (campaigns.isPending) return <StateView kind='loading' title='正在加载公益项目…' />;
  if (campaigns.isError) {
    const error = asApiError(campaigns.error);
    if (error.needsLogin) goToLogin();
    return <StateView kind='error' title={error.title} actionText='重试' onAction={() => void campaigns.refetch()} />;
  }
  const items = campaigns.data.pages.flatMap((p) => p.items);
  if (items.length === 0) return <StateView kind='empty' title='暂时没有进行中的公益项目' hint='新项目上线后会出现在这里' actionText='刷新' onAction={() => void campaigns.refetch()} />;
  return (
    <>
      {items.map((c) => (
        <View key={c.id} className='ui-card campaign-card' data-campaign-id={c.id} role='link' onClick={() => openPage('campaign', { id: c.id })}>
          <Text className='ui-muted'>{CAMPAIGN_CATEGORIES.find((k) => k.code === c.category)?.label} · {c.organization.name}</Text>
          <Text className='ui-title' data-campaign-title>{c.title}</Text>
          <LiveProgressBar tally={c.tally} />
        </View>
      ))}
      {campaigns.hasNextPage ? (
        <Button className='ui-btn ui-btn--plain ui-btn--block' style={{ margin: '0 24px' }} loading={campaigns.isFetchingNextPage} onClick={() => void campaigns.fetchNextPage()}>加载更多</Button>
      ) : <Text className='ui-muted' style={{ textAlign: 'center' }}>没有更多了</Text>}
    </>
  );
}

export default function CampaignsPage() {
  const signedIn = useRequireSession();
  return (
    <View className='ui-page'>
      {signedIn ? (
        <>
          <View className='ui-card' data-link='rural-projects' role='link' onClick={() => openPage('ruralProjects')}>
            <Text className='ui-title'>乡村振兴项目</Text>
            <Text className='ui-muted'>产业帮扶、教育支教、电商助农……看看各区县的乡村项目，报名志愿服务或捐赠</Text>
          </View>
          <List />
        </>
      ) : null}
      <SectionNav current='campaigns' />
    </View>
  );
}
