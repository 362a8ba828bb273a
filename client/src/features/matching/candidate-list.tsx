import { Button, Text, View } from '@tarojs/components';
import type { CandidateView } from '@tongxin/shared';
import { StateView } from '@/components/state-view';
import { MatchReasonChips } from './match-reason-chips';
import '@/components/ui.css';
import './matching.css';

interface CandidateListProps {
  candidates: CandidateView[];
  /** Invites the next wave of the best candidates (the server picks them, in this order). */
  onInvite: () => void;
  inviting: boolean;
  /** What the last invitation round did, e.g. "已邀请 5 人（第 1 批）". */
  sentNote?: string;
  /** False when the shift is full or over: nothing to invite for. */
  canInvite: boolean;
}

/**
 * Ranked volunteers for one shift with why they fit. Names stay masked until someone accepts;
 * staff invite in waves rather than one by one, so the best-ranked hear first and the next wave
 * follows only while places are left.
 */
export function CandidateList({ candidates, onInvite, inviting, sentNote, canInvite }: CandidateListProps) {
  return (
    <View data-candidates>
      <View className='ui-card'>
        <Text className='ui-subtitle'>推荐志愿者（{candidates.length} 位）</Text>
        <Text className='ui-muted'>按距离、技能、空闲时间和出勤情况排序；对方接受邀请后才显示全名。</Text>
        <Button
          className='ui-btn ui-btn--block'
          data-action='send-invitations'
          loading={inviting}
          disabled={inviting || !canInvite || candidates.length === 0 || undefined}
          onClick={onInvite}
        >
          {canInvite ? '邀请排名靠前的志愿者' : '班次已满，无需邀请'}
        </Button>
        {sentNote ? <View className='ui-text' role='status' data-sent-note>{sentNote}</View> : null}
      </View>
      {candidates.length === 0 ? (
        <StateView kind='empty' title='附近暂时没有合适的志愿者' hint='已邀请过的志愿者不会重复出现；稍后再来看看' />
      ) : (
        candidates.map((c, i) => (
          <View key={c.volunteerId} className='ui-card' data-candidate={c.volunteerId}>
            <View className='match-card__head'>
              <Text className='match-card__rank' aria-label={`第 ${i + 1} 名`}>{i + 1}</Text>
              <Text className='match-card__name' data-masked-name>{c.maskedName}</Text>
              <Text className='match-card__score'>匹配度 {Math.round(c.score * 100)}</Text>
            </View>
            <MatchReasonChips reasons={c.reasons} who='TA' />
          </View>
        ))
      )}
    </View>
  );
}
