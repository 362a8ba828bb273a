import { useState } from 'react';
import { Text, View } from '@tarojs/components';
import Taro, { useRouter } from '@tarojs/taro';
import { useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import type { DeliveryInvitationsView } from '@tongxin/shared';
import { QueryState } from '@/components/query-state';
import { asApiError } from '@/services/api';
import { useRequireSession } from '@/features/auth/use-require-session';
import { DeliveryVolunteerPicker } from '@/features/meal-operator/delivery-volunteer-picker';
import { deliveryCandidatesKey, fetchDeliveryCandidates, inviteDeliveryVolunteers } from '@/features/meal-operator/operator.api';
import { usePullRefresh } from '@/hooks/use-pull-refresh';
import '@/components/ui.css';

/** Answers arrive while the operator waits; the picker looks again this often (ms). */
const REFRESH_MS = 15_000;

const sentNoteOf = (r: DeliveryInvitationsView) =>
  (r.invited > 0 ? `已邀请 ${r.invited} 位志愿者，对方接单后会显示全名` : '所选志愿者之前已经邀请过了');

/** The operator picks and invites delivery volunteers for one delivery task (reached from the day view). */
export default function DeliveryVolunteersPage() {
  const signedIn = useRequireSession();
  const { taskId = '' } = useRouter().params;
  const queryClient = useQueryClient();
  const key = deliveryCandidatesKey(taskId);
  const picker = useQuery({ queryKey: key, queryFn: () => fetchDeliveryCandidates(taskId), enabled: signedIn && taskId !== '', refetchInterval: REFRESH_MS });
  const [selected, setSelected] = useState<ReadonlySet<string>>(new Set());
  const [sentNote, setSentNote] = useState<string>();
  const invite = useMutation({
    // Only those still on the list: a refresh may have dropped someone the engine invited meanwhile.
    mutationFn: () => inviteDeliveryVolunteers(taskId, (picker.data?.candidates ?? []).filter((c) => selected.has(c.volunteerId)).map((c) => c.volunteerId)),
    onSuccess: (result) => {
      queryClient.setQueryData(key, result);
      setSelected(new Set());
      setSentNote(sentNoteOf(result));
    },
    onError: (e) => {
      void Taro.showToast({ title: asApiError(e).title, icon: 'none', duration: 3000 });
      void picker.refetch();
    },
  });
  usePullRefresh(() => picker.refetch());
  if (!signedIn) return null;
  if (taskId === '') return <View className='ui-page'><Text className='ui-error' style={{ padding: '32px' }}>没有指定送餐任务，请从助餐点工作台进入</Text></View>;
  const toggle = (id: string) => setSelected((was) => {
    const next = new Set(was);
    if (!next.delete(id)) next.add(id);
    return next;
  });
  return (
    <View className='ui-page'>
      <QueryState query={picker} loading='正在为这个送餐任务挑选附近的志愿者…'>
        {(view) => (
          <DeliveryVolunteerPicker view={view} selected={selected} onToggle={toggle} onInvite={() => invite.mutate()} inviting={invite.isPending} sentNote={sentNote} />
        )}
      </QueryState>
    </View>
  );
}
