import { Button, Text, View } from '@tarojs/components';
import Taro, { useRouter } from '@tarojs/taro';
import { useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import { formatShanghai, formatYuan, type CampaignStatus, type CampaignView } from '@tongxin/shared';
import { QueryState } from '@/components/query-state';
import { asApiError } from '@/services/api';
import { useRequireSession } from '@/features/auth/use-require-session';
import { CAMPAIGN_STATUS_LABELS } from '@/features/organizer/campaign-status';
import { campaignKey, fetchCampaign } from '@/features/campaigns/campaigns.api';
import { LiveProgressBar } from '@/features/campaigns/live-progress-bar';
import { useLiveCampaign } from '@/features/campaigns/use-live-campaign';
import { useDonorRate } from '@/features/organizer/donor-rate';
import { transitionCampaign } from '@/features/organizer/organizer.api';
import { DisclosurePanel } from '@/features/organizer/disclosure-panel';
import { RefundForm } from '@/features/organizer/refund-form';
import { usePullRefresh } from '@/hooks/use-pull-refresh';
import '@/components/ui.css';

/** What the organizer may ask for next, by status (review → live is the reviewer's). */
const NEXT: Partial<Record<CampaignStatus, { to: CampaignStatus; label: string; confirm?: string }>> = {
  draft: { to: 'review', label: '提交审核' },
  live: { to: 'ended', label: '结束募捐', confirm: '结束后将不再接受捐款，确定结束吗？' },
};

function Stat({ label, value, name }: { label: string; value: string; name: string }) {
  return (
    <View style={{ flex: 1, minWidth: '40%', padding: '12px 0' }} data-stat={name}>
      <Text className='ui-muted'>{label}</Text>
      <Text className='ui-title'>{value}</Text>
    </View>
  );
}

function Dashboard({ campaign, refetch }: { campaign: CampaignView; refetch: () => void }) {
  const queryClient = useQueryClient();
  const live = useLiveCampaign(campaign, refetch);
  const tally = live.tally ?? campaign.tally;
  const rate = useDonorRate(live.tally);
  // The pool as fetched, less what this campaign drew since (the tally's matched total only grows).
  const poolLeft = campaign.matching ? Math.max(0, campaign.matching.remainingFen - (tally.matchedFen - campaign.tally.matchedFen)) : null;
  const next = NEXT[campaign.status];
  const move = useMutation({
    mutationFn: (to: CampaignStatus) => transitionCampaign(campaign.id, { to }),
    onSuccess: (updated) => { queryClient.setQueryData(campaignKey(campaign.id), updated); void Taro.showToast({ title: '已更新', icon: 'success' }); },
    onError: (e) => void Taro.showToast({ title: asApiError(e).title, icon: 'none', duration: 3000 }),
  });
  const ask = async () => {
    if (!next) return;
    if (next.confirm && !(await Taro.showModal({ title: next.label, content: next.confirm, confirmText: next.label, cancelText: '再想想' })).confirm) return;
    move.mutate(next.to);
  };
  return (
    <>
      <View className='ui-card'>
        <Text className='ui-title' data-campaign-title>{campaign.title}</Text>
        <Text className='ui-muted' data-status={campaign.status}>{CAMPAIGN_STATUS_LABELS[campaign.status]} · {formatShanghai(campaign.startsAt).slice(0, 10)} 至 {formatShanghai(campaign.endsAt).slice(0, 10)}</Text>
        {next ? <Button className='ui-btn ui-btn--block' data-action='transition' loading={move.isPending} onClick={() => void ask()}>{next.label}</Button> : null}
      </View>
      <View className='ui-card'>
        <LiveProgressBar tally={tally} live={live.state === 'live'} />
        <View className='ui-row' style={{ flexWrap: 'wrap', alignItems: 'flex-start' }}>
          <Stat name='raised' label='已筹' value={formatYuan(tally.raisedFen)} />
          <Stat name='donors' label='捐款人数' value={`${tally.donorCount} 人`} />
          <Stat name='rate' label='每分钟新增捐款人（近一分钟）' value={rate === null ? '统计中…' : `${rate} 人/分钟`} />
          <Stat name='pool' label='配捐池剩余' value={poolLeft === null ? '未设配捐' : formatYuan(poolLeft)} />
        </View>
      </View>
      <View className='ui-card' data-section='feed'>
        <Text className='ui-subtitle'>最新捐款</Text>
        {live.feed.length === 0 ? <Text className='ui-muted'>还没有捐款，新的捐款会实时出现在这里</Text> : null}
        {live.feed.map((d, i) => (
          <Text key={`${d.paidAt}-${i}`} className='ui-text' data-feed-item>{formatShanghai(d.paidAt).slice(-5)} {d.donorName} {formatYuan(d.amountFen)}{d.message ? `：${d.message}` : ''}</Text>
        ))}
      </View>
      {campaign.status === 'live' || campaign.status === 'ended' ? <RefundForm onRefunded={refetch} /> : null}
      {campaign.status !== 'draft' && campaign.status !== 'review' ? <DisclosurePanel campaign={campaign} /> : null}
    </>
  );
}

/** The organizer's live view of one campaign: tally, donors per minute, matching pool left; lifecycle, refunds and disclosures. */
export default function OrganizerDashboardPage() {
  const signedIn = useRequireSession();
  const id = useRouter().params.id ?? '';
  const campaign = useQuery({ queryKey: campaignKey(id), queryFn: () => fetchCampaign(id), enabled: signedIn && id !== '' });
  usePullRefresh(() => campaign.refetch());
  if (!signedIn) return null;
  return (
    <View className='ui-page'>
      <QueryState query={campaign} loading='正在加载项目…'>
        {(c) => <Dashboard campaign={c} refetch={() => void campaign.refetch()} />}
      </QueryState>
    </View>
  );
}
