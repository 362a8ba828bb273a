import { useState } from 'react';
import { Button, Input, Text, View } from '@tarojs/components';
import { useRouter } from '@tarojs/taro';
import { useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import { createTeamSchema, formatYuan, type TeamView } from '@tongxin/shared';
import { Field } from '@/components/field';
import { QueryState } from '@/components/query-state';
import { asApiError } from '@/services/api';
import { openPage } from '@/features/auth/navigation';
import { useRequireSession } from '@/features/auth/use-require-session';
import { yuanToFen } from '@/features/donations/yuan';
import { teamPercent } from '@/features/giving/team-board';
import { createTeam, fetchTeams, teamsKey } from '@/features/giving/teams.api';
import { usePullRefresh } from '@/hooks/use-pull-refresh';
import '@/components/ui.css';

type Errors = Partial<Record<'name' | 'goalFen' | 'form', string>>;

function CreateTeam({ campaignId }: { campaignId: string }) {
  const queryClient = useQueryClient();
  const [name, setName] = useState('');
  const [goal, setGoal] = useState('');
  const [errors, setErrors] = useState<Errors>({});
  const create = useMutation({
    mutationFn: (input: { name: string; goalFen: number }) => createTeam(campaignId, input),
    onSuccess: (team) => {
      void queryClient.invalidateQueries({ queryKey: teamsKey(campaignId) });
      openPage('givingTeam', { id: team.id });
    },
    onError: (e) => setErrors({ form: asApiError(e).title }),
  });
  const submit = () => {
    const parsed = createTeamSchema.safeParse({ name, goalFen: yuanToFen(goal) ?? undefined });
    if (!parsed.success) {
      const found: Errors = {};
      for (const issue of parsed.error.issues) found[issue.path[0] as 'name' | 'goalFen'] ??= issue.path[0] === 'goalFen' && goal.trim() !== '' && yuanToFen(goal) === null ? '金额格式不正确' : issue.message;
      setErrors(found);
      return;
    }
    setErrors({});
    create.mutate(parsed.data);
  };
  return (
    <View className='ui-card' data-section='create-team'>
      <Text className='ui-subtitle'>发起一支队伍</Text>
      <Field label='队伍名称' name='teamName' error={errors.name}>
        <Input className='ui-input' value={name} onInput={(e) => setName(e.detail.value)} nativeProps={{ name: 'teamName', 'aria-label': '队伍名称' }} />
      </Field>
      <Field label='队伍目标（元）' name='teamGoal' error={errors.goalFen}>
        <Input className='ui-input' type='digit' value={goal} onInput={(e) => setGoal(e.detail.value)} nativeProps={{ name: 'teamGoal', 'aria-label': '队伍目标（元）' }} />
      </Field>
      {errors.form ? <View className='ui-error' role='alert'>{errors.form}</View> : null}
      <Button className='ui-btn ui-btn--block' data-action='create-team' loading={create.isPending} onClick={submit}>创建队伍</Button>
    </View>
  );
}

function TeamRow({ team, rank }: { team: TeamView; rank: number }) {
  return (
    <View className='ui-card' role='link' data-team={team.id} onClick={() => openPage('givingTeam', { id: team.id })}>
      <View className='ui-row' style={{ minHeight: 'auto' }}>
        <Text className='ui-text' style={{ fontWeight: 600 }}>{rank}. {team.name}{team.joined ? '（我的队伍）' : ''}</Text>
        <Text className='ui-text' style={{ color: '#a8321f' }}>{formatYuan(team.raisedFen)}</Text>
      </View>
      <Text className='ui-muted'>目标 {formatYuan(team.goalFen)} · 完成 {teamPercent(team)}% · {team.memberCount} 位队员</Text>
    </View>
  );
}

/** 一起捐: a campaign's teams ranked by what they raised, and starting a new one. */
export default function TeamsPage() {
  const signedIn = useRequireSession();
  const campaignId = useRouter().params.campaignId ?? '';
  const teams = useQuery({ queryKey: teamsKey(campaignId), queryFn: () => fetchTeams(campaignId), enabled: signedIn && campaignId !== '' });
  usePullRefresh(() => teams.refetch());
  if (!signedIn) return null;
  return (
    <View className='ui-page'>
      <CreateTeam campaignId={campaignId} />
      <Text className='ui-subtitle' style={{ margin: '24px' }}>队伍排行</Text>
      <QueryState query={teams} loading='正在加载队伍…' empty={{ when: (t) => t.items.length === 0, title: '还没有队伍', hint: '发起第一支队伍，邀请好友一起捐' }}>
        {(data) => data.items.map((t, i) => <TeamRow key={t.id} team={t} rank={i + 1} />)}
      </QueryState>
    </View>
  );
}
