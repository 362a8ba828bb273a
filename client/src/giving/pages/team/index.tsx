import { Button, Text, View } from '@tarojs/components';
import Taro, { useRouter, useShareAppMessage } from '@tarojs/taro';
import { useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import type { CreateDonationInput, TeamView } from '@tongxin/shared';
import { QueryState } from '@/components/query-state';
import { asApiError } from '@/services/api';
import { openPage, routeTo } from '@/features/auth/navigation';
import { useRequireSession } from '@/features/auth/use-require-session';
import { useDonate } from '@/features/campaigns/use-donate';
import { DonationForm } from '@/features/donations/donation-form';
import { TeamBoard } from '@/features/giving/team-board';
import { fetchTeam, joinTeam, teamKey, teamsKey } from '@/features/giving/teams.api';
import { usePullRefresh } from '@/hooks/use-pull-refresh';
import '@/components/ui.css';

function Team({ team, refetch }: { team: TeamView; refetch: () => Promise<unknown> }) {
  const queryClient = useQueryClient();
  const donation = useDonate(team.campaignId);
  const join = useMutation({
    mutationFn: () => joinTeam(team.id),
    onSuccess: (joined) => {
      queryClient.setQueryData(teamKey(team.id), joined);
      void queryClient.invalidateQueries({ queryKey: teamsKey(team.campaignId) });
    },
    onError: (e) => void Taro.showToast({ title: asApiError(e).title, icon: 'none', duration: 3000 }),
  });
  // A gift counts for the team when the giver is a member: join first, then give.
  const donate = async (input: CreateDonationInput) => {
    try {
      if (!team.joined) await join.mutateAsync();
    } catch {
      return; // already told by the mutation's toast
    }
    await donation.donate(input);
    await refetch();
  };
  const share = async () => {
    await Taro.setClipboardData({ data: routeTo('givingTeam', { id: team.id }) });
    await Taro.showToast({ title: '链接已复制，快邀请好友加入吧', icon: 'none' });
  };
  return (
    <>
      <View className='ui-card' data-team-page={team.id}>
        <Text className='ui-title' data-team-name>{team.name}</Text>
        <TeamBoard team={team} />
        {team.joined ? null : (
          <Button className='ui-btn ui-btn--block' data-action='join-team' loading={join.isPending} onClick={() => join.mutate()}>加入队伍</Button>
        )}
        <Button className='ui-btn ui-btn--plain ui-btn--block' data-action='share-team' openType='share' onClick={() => void share()}>邀请好友加入</Button>
        <Button className='ui-btn ui-btn--plain ui-btn--block' onClick={() => openPage('campaign', { id: team.campaignId })}>查看公益项目</Button>
      </View>
      <View className='ui-card' data-section='team-donate'>
        <Text className='ui-subtitle'>为队伍捐赠</Text>
        {donation.step === 'paid' ? (
          <View data-donated role='status'>
            <Text className='ui-text'>捐赠成功，已计入队伍！</Text>
            <Button className='ui-btn ui-btn--plain ui-btn--block' onClick={donation.reset}>再捐一笔</Button>
          </View>
        ) : (
          <DonationForm onSubmit={donate} busy={donation.busy || join.isPending} />
        )}
      </View>
    </>
  );
}

/** A team's page: progress towards its goal, the donor board, joining, inviting friends and giving for the team. */
export default function TeamPage() {
  const signedIn = useRequireSession();
  const id = useRouter().params.id ?? '';
  const team = useQuery({ queryKey: teamKey(id), queryFn: () => fetchTeam(id), enabled: signedIn && id !== '' });
  usePullRefresh(() => team.refetch());
  useShareAppMessage(() => ({ title: team.data ? `一起为「${team.data.name}」捐赠` : '一起捐', path: routeTo('givingTeam', { id }) }));
  if (!signedIn) return null;
  return (
    <View className='ui-page'>
      <QueryState query={team} loading='正在加载队伍…'>
        {(data) => <Team team={data} refetch={() => team.refetch()} />}
      </QueryState>
    </View>
  );
}
