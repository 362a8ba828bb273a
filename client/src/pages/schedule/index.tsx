import { Button, Text, View } from '@tarojs/components';
import { useQueries, useQuery } from '@tanstack/react-query';
import type { EnrollmentStatus, EnrollmentView } from '@tongxin/shared';
import { QueryState } from '@/components/query-state';
import { openPage } from '@/features/auth/navigation';
import { useRequireSession } from '@/features/auth/use-require-session';
import { shiftTimeRange } from '@/features/needs/need-labels';
import { enrollmentsKey, fetchMyEnrollments, fetchNeed, needKey } from '@/features/schedule/schedule.api';
import { useEnrollmentActions } from '@/features/schedule/use-enrollment-actions';
import { usePullRefresh } from '@/hooks/use-pull-refresh';
import '@/components/ui.css';

const STATUS_LABELS: Record<EnrollmentStatus, string> = { enrolled: '已报名', waitlisted: '候补中', cancelled: '已取消', no_show: '未到场' };

function Item({ enrollment, title, actions }: { enrollment: EnrollmentView; title: string; actions: ReturnType<typeof useEnrollmentActions> }) {
  const upcoming = Date.parse(enrollment.endsAt) > Date.now();
  const active = enrollment.status === 'enrolled' || enrollment.status === 'waitlisted';
  return (
    <View className='ui-card schedule-item' data-enrollment-id={enrollment.id}>
      <View onClick={() => openPage('need', { id: enrollment.needId })}>
        <Text className='ui-text' data-schedule-title style={{ fontWeight: 600 }}>{title}</Text>
        <Text className='ui-muted'>{shiftTimeRange(enrollment)} · {STATUS_LABELS[enrollment.status]}</Text>
      </View>
      {upcoming && active ? (
        <View className='ui-row' style={{ gap: '16px', justifyContent: 'flex-end' }}>
          {enrollment.status === 'enrolled' ? (
            <Button className='ui-btn ui-btn--small' data-action='check-in' onClick={() => openPage('checkIn', { enrollmentId: enrollment.id })}>签到 / 签退</Button>
          ) : null}
          <Button className='ui-btn ui-btn--plain ui-btn--small' data-action='cancel' disabled={actions.busy || undefined} onClick={() => void actions.confirmCancel(enrollment.id, enrollment.needId)}>取消</Button>
        </View>
      ) : null}
    </View>
  );
}

function ScheduleList({ items }: { items: EnrollmentView[] }) {
  const actions = useEnrollmentActions();
  const needIds = [...new Set(items.map((e) => e.needId))];
  const needs = useQueries({ queries: needIds.map((id) => ({ queryKey: needKey(id), queryFn: () => fetchNeed(id) })) });
  const titles = new Map(needs.flatMap((q) => (q.data ? [[q.data.id, q.data.title] as const] : [])));
  const now = Date.now();
  const upcoming = items.filter((e) => Date.parse(e.endsAt) > now).sort((a, b) => a.startsAt.localeCompare(b.startsAt));
  const past = items.filter((e) => Date.parse(e.endsAt) <= now).sort((a, b) => b.startsAt.localeCompare(a.startsAt));
  const render = (e: EnrollmentView) => <Item key={e.id} enrollment={e} title={titles.get(e.needId) ?? '加载中…'} actions={actions} />;
  return (
    <>
      <Text className='ui-subtitle' style={{ margin: '24px 32px 0' }}>即将开始</Text>
      {upcoming.length > 0 ? upcoming.map(render) : <Text className='ui-muted' style={{ margin: '16px 32px' }}>暂无即将开始的班次</Text>}
      {past.length > 0 ? <Text className='ui-subtitle' style={{ margin: '24px 32px 0' }}>已结束</Text> : null}
      {past.map(render)}
    </>
  );
}

export default function SchedulePage() {
  const signedIn = useRequireSession();
  const enrollments = useQuery({ queryKey: enrollmentsKey, queryFn: fetchMyEnrollments, enabled: signedIn });
  usePullRefresh(() => enrollments.refetch());
  if (!signedIn) return null;
  return (
    <View className='ui-page'>
      <QueryState query={enrollments} loading='正在加载日程…' empty={{ when: (d) => d.length === 0, title: '还没有报名任何班次', hint: '去需求广场看看有什么可以帮忙的吧' }}>
        {(items) => <ScheduleList items={items} />}
      </QueryState>
    </View>
  );
}
