import { Text, View } from '@tarojs/components';
import { formatYuan, type TeamView } from '@tongxin/shared';
import { DonorLines } from './donor-lines';
import '@/components/ui.css';

/** Progress as a whole percentage, capped at 100 (a team may pass its goal). */
export function teamPercent(team: Pick<TeamView, 'raisedFen' | 'goalFen'>): number {
  return team.goalFen > 0 ? Math.min(100, Math.floor((team.raisedFen * 100) / team.goalFen)) : 0;
}

/** A team's progress towards its own goal and its donor leaderboard (masked names). */
export function TeamBoard({ team }: { team: TeamView }) {
  const percent = teamPercent(team);
  return (
    <View data-team-board>
      <View role='progressbar' aria-valuemin={0} aria-valuemax={100} aria-valuenow={percent} aria-label='队伍进度'
        style={{ height: '16px', background: '#e8ebef', borderRadius: '8px', overflow: 'hidden', margin: '16px 0' }}>
        <View style={{ width: `${percent}%`, height: '100%', background: '#c0392b' }} />
      </View>
      <Text className='ui-text' data-team-raised>已筹 {formatYuan(team.raisedFen)} / 目标 {formatYuan(team.goalFen)}（{percent}%）</Text>
      <Text className='ui-muted'>{team.memberCount} 位队员{team.joined ? ' · 你已加入' : ''}</Text>
      <Text className='ui-subtitle' style={{ marginTop: '16px' }}>爱心榜</Text>
      <DonorLines lines={team.topDonors} empty='还没有队员捐赠，来做第一个吧' marker='team-donor' />
    </View>
  );
}
