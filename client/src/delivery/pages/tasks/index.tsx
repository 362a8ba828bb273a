import { useState } from 'react';
import { View } from '@tarojs/components';
import Taro from '@tarojs/taro';
import { useMutation, useQuery } from '@tanstack/react-query';
import { QueryState } from '@/components/query-state';
import { asApiError } from '@/services/api';
import { useRequireSession } from '@/features/auth/use-require-session';
import { actionKey, DeliveryTaskCard, type DeliveryAction } from '@/features/delivery-tasks/delivery-task-card';
import {
  acceptDeliveryTask, confirmDelivered, declineDeliveryTask, fetchMyDeliveryTasks, fetchStopAddress, myDeliveryTasksKey,
} from '@/features/delivery-tasks/delivery-tasks.api';
import { usePullRefresh } from '@/hooks/use-pull-refresh';
import '@/components/ui.css';

/** New offers arrive as notices; the list looks again this often (ms). */
const REFRESH_MS = 30_000;

async function perform(action: DeliveryAction): Promise<string | null> {
  switch (action.kind) {
    case 'accept': return acceptDeliveryTask(action.taskId).then(() => null);
    case 'decline': return declineDeliveryTask(action.taskId).then(() => null);
    case 'address': return (await fetchStopAddress(action.bookingId)).address;
    case 'delivered': return confirmDelivered(action.bookingId).then(() => null);
  }
}

/** The volunteer's meal delivery tasks (送餐): take or decline offers, then open addresses and confirm each meal. */
export default function DeliveryTasksPage() {
  const signedIn = useRequireSession();
  const tasks = useQuery({ queryKey: myDeliveryTasksKey, queryFn: fetchMyDeliveryTasks, enabled: signedIn, refetchInterval: REFRESH_MS });
  const [pending, setPending] = useState<string>();
  const [addresses, setAddresses] = useState<Record<string, string>>({});
  usePullRefresh(() => tasks.refetch());
  const act = useMutation({
    mutationFn: perform,
    onMutate: (action) => setPending(actionKey(action)),
    onSuccess: (address, action) => {
      if (action.kind === 'address' && address) return setAddresses((was) => ({ ...was, [action.bookingId]: address }));
      if (action.kind === 'accept') void Taro.showToast({ title: '已接单，送餐前会提醒你', icon: 'none', duration: 2500 });
      void tasks.refetch();
    },
    onError: (e) => {
      void Taro.showToast({ title: asApiError(e).title, icon: 'none', duration: 3000 });
      void tasks.refetch();
    },
    onSettled: () => setPending(undefined),
  });
  if (!signedIn) return null;
  return (
    <View className='ui-page'>
      <QueryState query={tasks} loading='正在加载送餐任务…'
        empty={{ when: (items) => items.length === 0, title: '暂时没有送餐任务', hint: '附近的助餐点需要送餐时，会在这里邀请你（需在资料里选上「送餐」）' }}>
        {(items) => (
          <>
            {items.map((t) => <DeliveryTaskCard key={t.id} task={t} pending={pending} addresses={addresses} onAction={(a) => act.mutate(a)} />)}
          </>
        )}
      </QueryState>
    </View>
  );
}
