import { Button, Text, View } from '@tarojs/components';
import { formatShanghai, MEALS, type DeliveryCandidatesView, type DeliveryInviteeStatus, type DeliveryTaskView } from '@tongxin/shared';
import { StateView } from '@/components/state-view';
import { MatchReasonChips } from '@/features/matching/match-reason-chips';
import '@/components/ui.css';
import '@/features/matching/matching.css';
import './delivery-picker.css';

export const DELIVERY_TASK_STATUS_LABELS: Record<DeliveryTaskView['status'], string> = { offered: '待接单', claimed: '已接单', done: '已结束' };
const INVITEE_STATUS_LABELS: Record<DeliveryInviteeStatus, string> = { invited: '等待回复', accepted: '已接单', declined: '已婉拒', missed: '已由他人接单' };
const MEAL_LABEL = new Map<string, string>(MEALS.map((m) => [m.code, m.label]));

/** "送餐任务 2": the task's number within its meal (the last part of its id). */
export const taskNumberOf = (taskId: string) => Number(taskId.slice(taskId.lastIndexOf('_') + 1));

/** 11/30 10:00–14:00, in Shanghai time. */
function windowLabel(task: DeliveryTaskView): string {
  const from = formatShanghai(task.windowStartsAt);
  return `${from.slice(5)}–${formatShanghai(task.windowEndsAt).slice(-5)}`;
}

interface DeliveryVolunteerPickerProps {
  view: DeliveryCandidatesView;
  selected: ReadonlySet<string>;
  onToggle: (volunteerId: string) => void;
  onInvite: () => void;
  inviting: boolean;
  /** What the last invitation did, e.g. "已邀请 2 位". */
  sentNote?: string;
}

/**
 * The operator picks delivery volunteers for one task: nearby volunteers with the 送餐 skill ranked by
 * the matching engine, with why each fits and masked names; tick one or more and invite. Below, who
 * was invited and how they answered; the one who took the task is shown by full name.
 */
export function DeliveryVolunteerPicker({ view, selected, onToggle, onInvite, inviting, sentNote }: DeliveryVolunteerPickerProps) {
  const { task, candidates, invitees } = view;
  const open = task.status === 'offered';
  const chosen = candidates.filter((c) => selected.has(c.volunteerId)).length;
  return (
    <View data-delivery-picker>
      <View className='ui-card' data-task={task.id}>
        <Text className='ui-title'>{MEAL_LABEL.get(task.meal)}送餐任务 {taskNumberOf(task.id)}</Text>
        <Text className='ui-muted'>送餐时段 {windowLabel(task)} · {task.stops.length} 份 · 服务半径 {view.radiusKm} 公里</Text>
        <Text className='ui-text' data-task-status={task.status}>{DELIVERY_TASK_STATUS_LABELS[task.status]}</Text>
      </View>
      {open ? (
        <View className='ui-card'>
          <Text className='ui-subtitle'>推荐送餐志愿者（{candidates.length} 位）</Text>
          <Text className='ui-muted'>都登记了「送餐」技能，按距离、空闲时间和出勤情况排序；对方接单后才显示全名。</Text>
          <Button
            className='ui-btn ui-btn--block'
            data-action='invite-selected'
            loading={inviting}
            disabled={inviting || chosen === 0 || undefined}
            onClick={onInvite}
          >
            {chosen > 0 ? `邀请所选的 ${chosen} 位志愿者` : '请先勾选要邀请的志愿者'}
          </Button>
          {sentNote ? <View className='ui-text' role='status' data-sent-note>{sentNote}</View> : null}
        </View>
      ) : (
        <View className='ui-card' role='status'>
          <Text className='ui-text'>{task.status === 'claimed' ? '已有志愿者接单，无需再邀请' : '送餐时段已过，不能再邀请'}</Text>
        </View>
      )}
      {open && candidates.length === 0 ? (
        <StateView kind='empty' title='附近暂时没有可邀请的送餐志愿者' hint='只推荐登记了「送餐」技能、送餐时段有空的志愿者；已邀请的不会重复出现' />
      ) : null}
      {candidates.map((c, i) => {
        const on = selected.has(c.volunteerId);
        return (
          <View key={c.volunteerId} className={`ui-card delivery-pick${on ? ' delivery-pick--on' : ''}`} data-candidate={c.volunteerId}
            role='checkbox' aria-checked={on} aria-label={`${c.maskedName}，第 ${i + 1} 名`} onClick={() => onToggle(c.volunteerId)}>
            <View className='match-card__head'>
              <Text className='delivery-pick__box'>{on ? '✓' : ''}</Text>
              <Text className='match-card__rank'>{i + 1}</Text>
              <Text className='match-card__name'>{c.maskedName}</Text>
              <Text className='match-card__score'>匹配度 {Math.round(c.score * 100)}</Text>
            </View>
            <MatchReasonChips reasons={c.reasons} who='TA' />
          </View>
        );
      })}
      {invitees.length > 0 ? (
        <View className='ui-card' data-invitees>
          <Text className='ui-subtitle'>已邀请（{invitees.length} 位）</Text>
          {invitees.map((v) => (
            <View key={v.volunteerId} className='ui-row' data-invitee={v.volunteerId} data-status={v.status}>
              <Text className='ui-text'>{v.name}<Text className='ui-muted delivery-pick__by'>{v.invitedBy === 'operator' ? ' · 你邀请的' : ' · 系统推荐'}</Text></Text>
              <Text className={`match-status${v.status === 'accepted' ? '' : ' match-status--declined'}`}>{INVITEE_STATUS_LABELS[v.status]}</Text>
            </View>
          ))}
        </View>
      ) : null}
    </View>
  );
}
