import { Button, Text, View } from '@tarojs/components';
import type { DeliveryTaskView } from '@tongxin/shared';
import { DELIVERY_TASK_STATUS_LABELS, taskNumberOf } from './delivery-volunteer-picker';
import '@/components/ui.css';
import './delivery-picker.css';

/** A meal's delivery tasks on the operator's day, each opening the delivery-volunteer picker. */
export function DeliveryTaskList({ tasks, deliveries, failed = false, onOpen }: {
  tasks: DeliveryTaskView[]; deliveries: number; failed?: boolean; onOpen: (taskId: string) => void;
}) {
  if (failed && deliveries > 0) return <Text className='ui-error' style={{ padding: '0 48px' }}>送餐任务没有加载出来，下拉刷新再试</Text>;
  if (tasks.length === 0) {
    return deliveries > 0 ? <Text className='ui-muted' style={{ padding: '0 48px' }}>送餐任务在预订截止后生成，届时可在这里找送餐志愿者</Text> : null;
  }
  return (
    <>
      {tasks.map((t) => (
        <View key={t.id} className='ui-card delivery-task' data-delivery-task={t.id} data-status={t.status}>
          <View>
            <Text className='ui-text'>送餐任务 {taskNumberOf(t.id)} · {t.stops.length} 份</Text>
            <Text className='ui-muted'>{DELIVERY_TASK_STATUS_LABELS[t.status]}</Text>
          </View>
          <Button className='ui-btn ui-btn--plain ui-btn--small' data-action='pick-volunteers' onClick={() => onOpen(t.id)}>
            {t.status === 'offered' ? '找送餐志愿者' : '查看志愿者'}
          </Button>
        </View>
      ))}
    </>
  );
}
