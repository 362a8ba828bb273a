import { Button, Text, View } from '@tarojs/components';
import { formatShanghai, MEALS, type DeliveryTaskView, type MealBookingStatus } from '@tongxin/shared';
import '@/components/ui.css';
import '@/features/matching/matching.css';

const MEAL_LABEL = new Map<string, string>(MEALS.map((m) => [m.code, m.label]));
const STOP_STATUS: Record<MealBookingStatus, string> = { booked: '待送达', delivered: '已送达', cancelled: '已取消', missed: '未送达', served: '已取餐' };

/** What the volunteer is doing to a task right now: answering it, or acting on one stop. */
export type DeliveryAction =
  | { kind: 'accept' | 'decline'; taskId: string }
  | { kind: 'address' | 'delivered'; bookingId: string };

export const actionKey = (a: DeliveryAction) => ('taskId' in a ? `${a.kind}:${a.taskId}` : `${a.kind}:${a.bookingId}`);

interface DeliveryTaskCardProps {
  task: DeliveryTaskView;
  /** `actionKey` of the action being sent, if any: its button spins, the others wait. */
  pending?: string;
  /** Addresses opened so far, by booking id. */
  addresses: Readonly<Record<string, string>>;
  onAction: (action: DeliveryAction) => void;
}

/**
 * One delivery task for the volunteer: where and when, how many meals; take it or say no while it is
 * offered; once taken, each stop (elder's name masked) with its address, opened in the delivery
 * window, and 已送达 to confirm it.
 */
export function DeliveryTaskCard({ task, pending, addresses, onAction }: DeliveryTaskCardProps) {
  const busy = pending !== undefined || undefined;
  const button = (action: DeliveryAction, label: string, plain = false) => (
    <Button className={`ui-btn${plain ? ' ui-btn--plain' : ''}`} data-action={action.kind} loading={pending === actionKey(action)} disabled={busy}
      onClick={() => onAction(action)}>{label}</Button>
  );
  return (
    <View className='ui-card' data-delivery-task={task.id} data-status={task.status}>
      <Text className='ui-text' style={{ fontWeight: 600 }}>{task.pointName} · {MEAL_LABEL.get(task.meal)}送餐</Text>
      <Text className='ui-muted'>
        {formatShanghai(task.windowStartsAt).slice(5)}–{formatShanghai(task.windowEndsAt).slice(-5)} · {task.stops.length} 份 · 到{task.pointAddress}取餐
      </Text>
      {task.status === 'offered' ? (
        <View className='match-actions'>
          {button({ kind: 'decline', taskId: task.id }, '婉拒', true)}
          {button({ kind: 'accept', taskId: task.id }, '接单')}
        </View>
      ) : null}
      {task.status === 'claimed' ? task.stops.map((s, i) => (
        <View key={s.bookingId} data-stop={s.bookingId} data-status={s.status} style={{ marginTop: '20px' }}>
          <View className='ui-row'>
            <Text className='ui-text'>{i + 1}. {s.elderMaskedName}</Text>
            <Text className='ui-muted'>{STOP_STATUS[s.status]}</Text>
          </View>
          {addresses[s.bookingId] ? <Text className='ui-text' data-address>送餐地址：{addresses[s.bookingId]}</Text> : null}
          {s.status === 'booked' ? (
            <View className='match-actions'>
              {addresses[s.bookingId] ? null : button({ kind: 'address', bookingId: s.bookingId }, '查看地址', true)}
              {button({ kind: 'delivered', bookingId: s.bookingId }, '已送达')}
            </View>
          ) : null}
        </View>
      )) : null}
      {task.status === 'done' ? <View className='match-status match-status--declined' role='status'>已结束</View> : null}
    </View>
  );
}
