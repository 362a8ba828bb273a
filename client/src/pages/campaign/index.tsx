import { Button, Text, View } from '@tarojs/components';
import { useRouter } from '@tarojs/taro';
import { useQuery, useQueryClient } from '@tanstack/react-query';
import { formatShanghai, formatYuan, type CampaignView } from '@tongxin/shared';
import { QueryState } from '@/components/query-state';
import { openPage } from '@/features/auth/navigation';
import { useRequireSession } from '@/features/auth/use-require-session';
import { campaignKey, fetchCampaign, setFollowing } from '@/features/campaigns/campaigns.api';
import { FollowButton } from '@/features/campaigns/follow-button';
import { LiveProgressBar } from '@/features/campaigns/live-progress-bar';
import { useDonate } from '@/features/campaigns/use-donate';
import { useLiveCampaign } from '@/features/campaigns/use-live-campaign';
import { DonationForm } from '@/features/donations/donation-form';
import { CampaignLeaderboard } from '@/features/giving/campaign-leaderboard';
import { fetchLeaderboard, leaderboardKey } from '@/features/giving/leaderboard.api';
import { useLiveLeaderboard } from '@/features/giving/use-live-leaderboard';
import { usePullRefresh } from '@/hooks/use-pull-refresh';
import '@/components/ui.css';

function Detail({ campaign, refetch }: { campaign: CampaignView; refetch: () => void }) {
  const live = useLiveCampaign(campaign, refetch);
  const board = useQuery({ queryKey: leaderboardKey(campaign.id), queryFn: () => fetchLeaderboard(campaign.id) });
  const top = useLiveLeaderboard(campaign.id, board);
  const donation = useDonate(campaign.id);
  const tally = live.tally ?? campaign.tally;
  const queryClient = useQueryClient();
  const toggleFollow = async (next: boolean) => {
    await setFollowing(campaign.id, next);
    await queryClient.invalidateQueries({ queryKey: campaignKey(campaign.id) });
  };
  return (
    <>
      <View className='ui-card'>
        <Text className='ui-title' data-campaign-title>{campaign.title}</Text>
        <Text className='ui-muted'>{campaign.organization.name}{campaign.organization.qualificationNumber ? ' · 具备公开募捐资格' : ''}</Text>
        {campaign.filing ? <Text className='ui-muted'>募捐方案备案号 {campaign.filing.number}</Text> : null}
        <LiveProgressBar tally={tally} live={live.state === 'live'} />
        {campaign.matching ? (
          <Text className='ui-muted'>{campaign.matching.sponsorName}按 {campaign.matching.ratioPercent}% 配捐，剩余 {formatYuan(campaign.matching.remainingFen)}</Text>
        ) : null}
        {campaign.summary ? <Text className='ui-text' style={{ marginTop: '16px' }}>{campaign.summary}</Text> : null}
        <Text className='ui-muted'>截止 {formatShanghai(campaign.endsAt)}</Text>
        {campaign.following !== undefined ? <FollowButton following={campaign.following} onToggle={toggleFollow} /> : null}
      </View>

      <View className='ui-card' data-section='donate'>
        <Text className='ui-subtitle'>我要捐赠</Text>
        {donation.step === 'paid' ? (
          <View data-donated role='status'>
            <Text className='ui-text'>捐赠成功，感谢你的爱心！</Text>
            <Button className='ui-btn ui-btn--plain ui-btn--block' onClick={donation.reset}>再捐一笔</Button>
            <Button className='ui-btn ui-btn--plain ui-btn--block' onClick={() => openPage('donations')}>查看我的捐赠</Button>
          </View>
        ) : campaign.status === 'live' ? (
          <DonationForm onSubmit={donation.donate} busy={donation.busy} />
        ) : (
          <Text className='ui-muted'>项目已结束募捐</Text>
        )}
      </View>

      <View className='ui-card' data-section='teams'>
        <Text className='ui-subtitle'>一起捐</Text>
        <Text className='ui-muted'>和朋友组队，为同一个目标接力捐赠</Text>
        <Button className='ui-btn ui-btn--plain ui-btn--block' data-action='open-teams' onClick={() => openPage('givingTeams', { campaignId: campaign.id })}>查看队伍 / 发起组队</Button>
      </View>

      <View className='ui-card'>
        <CampaignLeaderboard query={board} top={top} />
      </View>

      <View className='ui-card' data-section='feed'>
        <Text className='ui-subtitle'>最新爱心</Text>
        {live.feed.length === 0 ? <Text className='ui-muted'>还没有捐赠，来做第一个吧</Text> : null}
        {live.feed.map((d, i) => (
          <View key={`${d.paidAt}-${i}`} className='ui-row' data-feed-item style={{ minHeight: '72px' }}>
            <Text className='ui-text'>{d.donorName}{d.message ? `：${d.message}` : ''}</Text>
            <Text className='ui-text' style={{ color: '#a8321f' }}>{formatYuan(d.amountFen)}</Text>
          </View>
        ))}
      </View>
    </>
  );
}

export default function CampaignPage() {
  const signedIn = useRequireSession();
  const id = useRouter().params.id ?? '';
  const campaign = useQuery({ queryKey: campaignKey(id), queryFn: () => fetchCampaign(id), enabled: signedIn && id !== '' });
  const queryClient = useQueryClient();
  usePullRefresh(() => Promise.all([campaign.refetch(), queryClient.invalidateQueries({ queryKey: leaderboardKey(id) })]));
  if (!signedIn) return null;
  return (
    <View className='ui-page'>
      <QueryState query={campaign} loading='正在加载项目…'>
        {(data) => <Detail campaign={data} refetch={() => void campaign.refetch()} />}
      </QueryState>
    </View>
  );
}
