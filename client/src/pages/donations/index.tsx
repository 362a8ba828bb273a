import { Button, Text, View } from '@tarojs/components';
import { useInfiniteQuery, useQuery } from '@tanstack/react-query';
import { formatShanghai, formatYuan, type DonationView } from '@tongxin/shared';
import { StateView } from '@/components/state-view';
import { asApiError } from '@/services/api';
import { goToLogin, openPage } from '@/features/auth/navigation';
import { useRequireSession } from '@/features/auth/use-require-session';
import { campaignKey, fetchCampaign, fetchMyDonations, myDonationsKey } from '@/features/campaigns/campaigns.api';
import { usePullRefresh } from '@/hooks/use-pull-refresh';
import '@/components/ui.css';

function Row({ donation }: { donation: DonationView }) {
  const campaign = useQuery({ queryKey: campaignKey(donation.campaignId), queryFn: () => fetchCampaign(donation.campaignId), staleTime: 60_000 });
  return (
    <View className='ui-card' data-donation-id={donation.id} role='link' onClick={() => openPage('campaign', { id: donation.campaignId })}>
      <View className='ui-row' style={{ minHeight: 'auto' }}>
        <Text className='ui-text' style={{ fontWeight: 600 }}>{campaign.data?.title ?? '公益项目'}</Text>
        <Text className='ui-text' style={{ color: '#a8321f' }}>{formatYuan(donation.amountFen)}</Text>
      </View>
      <Text className='ui-muted'>
        {formatShanghai(donation.paidAt ?? donation.createdAt)} · {donation.status === 'paid' ? '已支付' : '待支付'}
        {donation.anonymous ? ' · 匿名' : ''}{donation.matchedFen > 0 ? ` · 配捐 ${formatYuan(donation.matchedFen)}` : ''}
      </Text>
      {donation.receiptNumber ? <Text className='ui-muted' data-receipt>捐赠票据 {donation.receiptNumber}</Text> : null}
      {donation.receiptRequestId ? <Text className='ui-muted' data-receipt-requested>已申请捐赠票据</Text> : null}
    </View>
  );
}

export default function DonationsPage() {
  const signedIn = useRequireSession();
  const donations = useInfiniteQuery({
    queryKey: myDonationsKey,
    queryFn: ({ pageParam }) => fetchMyDonations(pageParam),
    initialPageParam: undefined as string | undefined,
    getNextPageParam: (last) => last.nextCursor ?? undefined,
    enabled: signedIn,
  });
  usePullRefresh(() => donations.refetch());
  if (!signedIn) return null;
  if (donations.isPending) return <StateView kind='loading' title='正在加载捐赠记录…' />;
  if (donations.isError) {
    const error = asApiError(donations.error);
    if (error.needsLogin) goToLogin();
    return <StateView kind='error' title={error.title} actionText='重试' onAction={() => void donations.refetch()} />;
  }
  const items = donations.data.pages.flatMap((p) => p.items);
  return (
    <View className='ui-page'>
      {items.length > 0 ? (
        <Button className='ui-btn ui-btn--plain ui-btn--block' data-action='open-receipts' style={{ margin: '0 24px 16px' }} onClick={() => openPage('givingReceipts')}>申请捐赠票据 / 查看申请</Button>
      ) : null}
      {items.length === 0 ? <StateView kind='empty' title='还没有捐赠记录' hint='去公益项目看看吧' actionText='去看看' onAction={() => openPage('campaigns')} /> : null}
      {items.map((d) => <Row key={d.id} donation={d} />)}
      {donations.hasNextPage ? (
        <Button className='ui-btn ui-btn--plain ui-btn--block' style={{ margin: '0 24px' }} onClick={() => void donations.fetchNextPage()}>加载更多</Button>
      ) : null}
    </View>
  );
}
