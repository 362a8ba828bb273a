import { useState } from 'react';
import { Button, Text, View } from '@tarojs/components';
import { useQuery } from '@tanstack/react-query';
import { MEALS, shanghaiDayOf } from '@tongxin/shared';
import { QueryState } from '@/components/query-state';
import { openPage } from '@/features/auth/navigation';
import { BookingRow } from '@/features/meal-operator/booking-row';
import { DeliveryTaskList } from '@/features/meal-operator/delivery-task-list';
import { dayViewKey, deliveryTasksKey, fetchDay, fetchDeliveryTasks } from '@/features/meal-operator/operator.api';
import { useOperatorPoint } from '@/features/meal-operator/operator-point';
import { usePullRefresh } from '@/hooks/use-pull-refresh';
import '@/components/ui.css';

const MEAL_LABEL = new Map<string, string>(MEALS.map((m) => [m.code, m.label]));
const DAY_MS = 86_400_000;
/** Bookings keep arriving until the cut-off; the list refreshes itself this often (ms). */
const REFRESH_MS = 30_000;

/** The meal-point operator's day: bookings and deliveries per meal against capacity; serve diners, arrange deliveries. */
export default function OperatorDayPage() {
  const { signedIn, pointId, unbound } = useOperatorPoint();
  const [offset, setOffset] = useState(0);
  const date = shanghaiDayOf(new Date(Date.now() + offset * DAY_MS));
  const day = useQuery({ queryKey: dayViewKey(pointId, date), queryFn: () => fetchDay(pointId, date), enabled: pointId !== '', refetchInterval: REFRESH_MS });
  const tasks = useQuery({ queryKey: deliveryTasksKey(pointId, date), queryFn: () => fetchDeliveryTasks(pointId, date), enabled: pointId !== '', refetchInterval: REFRESH_MS });
  usePullRefresh(async () => (pointId !== '' ? Promise.all([day.refetch(), tasks.refetch()]) : undefined));
  if (!signedIn) return null;
  if (unbound) return <View className='ui-page'><Text className='ui-error' style={{ padding: '32px' }}>你的账号还没有绑定助餐点，请联系区民政部门</Text></View>;
  return (
    <View className='ui-page'>
      <View className='ui-card'>
        <View className='ui-chips' role='radiogroup' aria-label='日期'>
          {[{ v: 0, label: '今天' }, { v: 1, label: '明天' }].map((d) => (
            <View key={d.v} className={`ui-chip${d.v === offset ? ' ui-chip--on' : ''}`} role='radio' aria-checked={d.v === offset} data-day={d.v} onClick={() => setOffset(d.v)}>{d.label}</View>
          ))}
        </View>
        <Text className='ui-muted'>{date} · 每 30 秒自动刷新</Text>
        <Button className='ui-btn ui-btn--plain ui-btn--block' data-action='settings' onClick={() => openPage('operatorSettings')}>菜单与份数</Button>
      </View>
      <QueryState query={day} loading='正在加载当天的预订…' empty={{ when: (d) => d.meals.length === 0, title: '这一天不供餐' }}>
        {(view) => (
          <>
            {view.meals.map((m) => {
              const live = m.bookings.filter((b) => b.status !== 'cancelled');
              const deliveries = live.filter((b) => b.mode === 'delivery').length;
              return (
                <View key={m.meal} data-meal={m.meal}>
                  <View className='ui-card'>
                    <Text className='ui-subtitle'>{MEAL_LABEL.get(m.meal)}</Text>
                    <Text className='ui-text' data-booked>已订 {m.booked}/{m.capacity} 份 · 送餐 {deliveries} 份 · 已完成 {live.filter((b) => b.status === 'served' || b.status === 'delivered').length} 份</Text>
                  </View>
                  {/* Tasks are a side list: while they load or if they fail, the bookings still show. */}
                  <DeliveryTaskList tasks={(tasks.data ?? []).filter((t) => t.meal === m.meal)} deliveries={deliveries} failed={tasks.isError}
                    onOpen={(taskId) => openPage('operatorDeliveryVolunteers', { taskId })} />
                  {m.bookings.length === 0 ? <Text className='ui-muted' style={{ padding: '0 48px' }}>还没有预订</Text> : null}
                  {m.bookings.map((b) => <BookingRow key={b.id} booking={b} onChanged={() => void day.refetch()} />)}
                </View>
              );
            })}
          </>
        )}
      </QueryState>
    </View>
  );
}
