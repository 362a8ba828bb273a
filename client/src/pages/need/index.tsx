import { useMemo } from 'react';
import { Button, Text, View } from '@tarojs/components';
import { useRouter } from '@tarojs/taro';
import { useQuery } from '@tanstack/react-query';
import { BENEFICIARY_TYPES, SKILLS, type EnrollmentView, type NeedView, type ShiftView } from '@tongxin/shared';
import { QueryState } from '@/components/query-state';
import { useRequireSession } from '@/features/auth/use-require-session';
import { categoryLabel, placesLabel, shiftTimeRange } from '@/features/needs/need-labels';
import { useLiveSlots, withLiveSlots } from '@/features/needs/use-live-slots';
import { enrollmentsKey, fetchMyEnrollments, fetchNeed, needKey } from '@/features/schedule/schedule.api';
import { useEnrollmentActions } from '@/features/schedule/use-enrollment-actions';
import { usePullRefresh } from '@/hooks/use-pull-refresh';
import '@/components/ui.css';

const LIVE = { live: '名额实时更新中', connecting: '正在连接…', idle: '正在连接…', offline: '实时名额暂不可用' } as const;

function ShiftRow({ need, shift, mine, actions }: { need: NeedView; shift: ShiftView; mine: EnrollmentView | undefined; actions: ReturnType<typeof useEnrollmentActions> }) {
  const active = mine && (mine.status === 'enrolled' || mine.status === 'waitlisted') ? mine : undefined;
  const full = shift.slotsLeft === 0;
  return (
    <View className='ui-card' data-shift-id={shift.id} style={{ margin: '0 24px 16px' }}>
      <Text className='ui-text'>{shiftTimeRange(shift)}</Text>
      <View className='ui-row'>
        <Text className='ui-muted' data-places>{placesLabel(shift.slotsLeft, shift.capacity)}</Text>
        {active ? (
          <Button className='ui-btn ui-btn--plain ui-btn--small' data-action='cancel' disabled={actions.busy || undefined} onClick={() => void actions.confirmCancel(active.id, need.id)}>
            {active.status === 'waitlisted' ? '候补中 · 取消' : '已报名 · 取消'}
          </Button>
        ) : (
          <Button
            className='ui-btn ui-btn--small'
            data-action={full ? 'waitlist' : 'sign-up'}
            disabled={actions.busy || undefined}
            onClick={() => actions.startSignUp({ needId: need.id, shiftId: shift.id, waitlist: full })}
          >
            {full ? '加入候补' : '报名'}
          </Button>
        )}
      </View>
    </View>
  );
}

function NeedDetail({ need, enrollments, fetchedAt, refetch }: { need: NeedView; enrollments: EnrollmentView[]; fetchedAt: number; refetch: () => void }) {
  const ids = useMemo(() => [need.id], [need.id]);
  // After a reconnect the need is fetched again: places may have changed while offline.
  const live = useLiveSlots(ids, true, refetch, fetchedAt);
  const actions = useEnrollmentActions();
  const mineByShift = new Map(enrollments.map((e) => [e.shiftId, e]));
  const beneficiary = BENEFICIARY_TYPES.find((b) => b.code === need.beneficiaryType)?.label;
  const skills = need.requiredSkills.map((code) => SKILLS.find((s) => s.code === code)?.label ?? code);
  return (
    <>
      <View className='ui-card'>
        <Text className='ui-muted'>{categoryLabel(need.category)} · {need.communityName}</Text>
        <Text className='ui-title' data-need-title>{need.title}</Text>
        {need.description ? <Text className='ui-text' style={{ marginTop: '12px' }}>{need.description}</Text> : null}
        {beneficiary ? <Text className='ui-muted'>服务对象：{beneficiary}</Text> : null}
        {skills.length > 0 ? <Text className='ui-muted'>需要技能：{skills.join('、')}</Text> : null}
      </View>
      <View className='ui-row' style={{ padding: '0 32px' }}>
        <Text className='ui-subtitle'>班次</Text>
        <Text className={`ui-live ui-live--${live.state}`}>{LIVE[live.state]}</Text>
      </View>
      {need.shifts.map((shift) => (
        <ShiftRow key={shift.id} need={need} shift={withLiveSlots(shift, live.slots)} mine={mineByShift.get(shift.id)} actions={actions} />
      ))}
    </>
  );
}

export default function NeedPage() {
  const signedIn = useRequireSession();
  const id = useRouter().params.id ?? '';
  const need = useQuery({ queryKey: needKey(id), queryFn: () => fetchNeed(id), enabled: signedIn && id !== '' });
  const enrollments = useQuery({ queryKey: enrollmentsKey, queryFn: fetchMyEnrollments, enabled: signedIn });
  usePullRefresh(() => Promise.all([need.refetch(), enrollments.refetch()]));
  if (!signedIn) return null;
  return (
    <View className='ui-page'>
      <QueryState query={need} loading='正在加载需求…'>
        {(data) => <NeedDetail need={data} enrollments={enrollments.data ?? []} fetchedAt={need.dataUpdatedAt} refetch={() => void need.refetch()} />}
      </QueryState>
    </View>
  );
}
