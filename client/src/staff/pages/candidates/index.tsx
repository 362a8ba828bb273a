import { useMemo, useState } from 'react';
import { Text, View } from '@tarojs/components';
import Taro, { useRouter } from '@tarojs/taro';
import { useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import type { InvitationCampaignView, NeedView } from '@tongxin/shared';
import { QueryState } from '@/components/query-state';
import { asApiError } from '@/services/api';
import { useRequireSession } from '@/features/auth/use-require-session';
import { CandidateList } from '@/features/matching/candidate-list';
import { candidatesKey, fetchCandidates, sendInvitations } from '@/features/matching/matching.api';
import { shiftTimeRange } from '@/features/needs/need-labels';
import { useLiveSlots, withLiveSlots } from '@/features/needs/use-live-slots';
import { fetchNeed, needKey } from '@/features/schedule/schedule.api';
import { usePullRefresh } from '@/hooks/use-pull-refresh';
import '@/components/ui.css';

const sentNoteOf = (r: InvitationCampaignView) =>
  r.sent.invited > 0
    ? `已邀请 ${r.sent.invited} 位（第 ${r.sent.wave} 批），共邀请 ${r.invited} 位；名额未满时会自动邀请下一批`
    : `这一批已经邀请过了（共邀请 ${r.invited} 位）；名额未满时会自动邀请下一批`;

interface ShiftCandidatesProps {
  need: NeedView;
  shiftId: string;
  /** When `need` was fetched (the query's `dataUpdatedAt`): live numbers older than that give way to it. */
  fetchedAt: number;
  refetchNeed: () => void;
}

function ShiftCandidates({ need, shiftId, fetchedAt, refetchNeed }: ShiftCandidatesProps) {
  const ids = useMemo(() => [need.id], [need.id]);
  const candidates = useQuery({ queryKey: candidatesKey(need.id, shiftId), queryFn: () => fetchCandidates(need.id, shiftId) });
  // A sign-up (an accepted invitation among them) changes both the places and who is still a candidate;
  // after a reconnect both are fetched again, as the staff need page does, since updates may have been missed.
  const live = useLiveSlots(ids, true, () => {
    refetchNeed();
    void candidates.refetch();
  }, fetchedAt);
  const [sentNote, setSentNote] = useState<string>();
  const invite = useMutation({
    mutationFn: () => sendInvitations(need.id, shiftId),
    onSuccess: (result) => {
      setSentNote(sentNoteOf(result));
      void candidates.refetch();
    },
    onError: (e) => void Taro.showToast({ title: asApiError(e).title, icon: 'none', duration: 3000 }),
  });
  const raw = need.shifts.find((s) => s.id === shiftId);
  if (!raw) return <Text className='ui-error'>这个班次不存在或已删除</Text>;
  const shift = withLiveSlots(raw, live.slots);
  return (
    <>
      <View className='ui-card'>
        <Text className='ui-title' data-need-title>{need.title}</Text>
        <Text className='ui-muted'>{shiftTimeRange(shift)}</Text>
        <Text className='ui-text' data-enrolled>已报名 {shift.enrolled}/{shift.capacity}</Text>
        <Text className={`ui-live${live.state === 'live' ? ' ui-live--live' : ''}`}>{live.state === 'live' ? '● 报名实时更新中' : '正在连接…'}</Text>
      </View>
      <QueryState query={candidates} loading='正在为这个班次挑选志愿者…'>
        {(view) => (
          <CandidateList
            candidates={view.items}
            onInvite={() => invite.mutate()}
            inviting={invite.isPending}
            sentNote={sentNote}
            canInvite={shift.slotsLeft > 0 && Date.parse(shift.startsAt) > Date.now()}
          />
        )}
      </QueryState>
    </>
  );
}

/** Staff: ranked candidates for one shift, inviting them in waves, and the sign-ups arriving live. */
export default function CandidatesPage() {
  const signedIn = useRequireSession();
  const { needId = '', shiftId = '' } = useRouter().params;
  const need = useQuery({ queryKey: needKey(needId), queryFn: () => fetchNeed(needId), enabled: signedIn && needId !== '' });
  const queryClient = useQueryClient();
  usePullRefresh(() => Promise.all([need.refetch(), queryClient.invalidateQueries({ queryKey: candidatesKey(needId, shiftId) })]));
  if (!signedIn) return null;
  return (
    <View className='ui-page'>
      <QueryState query={need} loading='正在加载…'>
        {(data) => <ShiftCandidates need={data} shiftId={shiftId} fetchedAt={need.dataUpdatedAt} refetchNeed={() => void need.refetch()} />}
      </QueryState>
    </View>
  );
}
