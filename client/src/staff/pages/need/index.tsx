import { useMemo, useState } from 'react';
import { Button, Text, View } from '@tarojs/components';
import { useRouter } from '@tarojs/taro';
import { useQuery } from '@tanstack/react-query';
import { formatShanghai, type NeedSlotsEvent, type NeedView } from '@tongxin/shared';
import { QueryState } from '@/components/query-state';
import { openPage } from '@/features/auth/navigation';
import { useRequireSession } from '@/features/auth/use-require-session';
import { shiftTimeRange } from '@/features/needs/need-labels';
import { useLiveSlots, withLiveSlots } from '@/features/needs/use-live-slots';
import { useRealtimeEvent } from '@/features/realtime/use-realtime';
import { fetchNeed, needKey } from '@/features/schedule/schedule.api';
import { usePullRefresh } from '@/hooks/use-pull-refresh';
import '@/components/ui.css';

interface Arrival {
  at: string;
  shiftId: string;
  change: number;
  enrolled: number;
  capacity: number;
}

function LiveNeed({ need, fetchedAt, refetch }: { need: NeedView; fetchedAt: number; refetch: () => void }) {
  const ids = useMemo(() => [need.id], [need.id]);
  const live = useLiveSlots(ids, true, refetch, fetchedAt);
  const [arrivals, setArrivals] = useState<Arrival[]>([]);
  const [last, setLast] = useState<Record<string, number>>(() => Object.fromEntries(need.shifts.map((s) => [s.id, s.enrolled])));
  // A log of changes in sign-ups as they arrive (the counts, no names: volunteers' data stays on the server).
  useRealtimeEvent('need:slots', (event: NeedSlotsEvent) => {
    if (event.needId !== need.id) return;
    const before = last[event.shiftId];
    if (before === undefined || before === event.enrolled) return;
    setLast((c) => ({ ...c, [event.shiftId]: event.enrolled }));
    setArrivals((c) => [{ at: new Date().toISOString(), shiftId: event.shiftId, change: event.enrolled - before, enrolled: event.enrolled, capacity: event.capacity }, ...c].slice(0, 20));
  });
  const shiftIndex = new Map(need.shifts.map((s, i) => [s.id, i + 1]));
  return (
    <>
      <View className='ui-card'>
        <Text className='ui-title' data-need-title>{need.title}</Text>
        <Text className='ui-muted'>{need.communityName} · {live.state === 'live' ? '● 报名实时更新中' : '正在连接…'}</Text>
      </View>
      {need.shifts.map((s, i) => {
        const shift = withLiveSlots(s, live.slots);
        return (
          <View key={s.id} className='ui-card' data-shift-id={s.id}>
            <Text className='ui-text'>班次 {i + 1}：{shiftTimeRange(shift)}</Text>
            <View className='ui-row'>
              <Text className='ui-text' data-enrolled>已报名 {shift.enrolled}/{shift.capacity}</Text>
              <Button className='ui-btn ui-btn--small' data-action='show-code' onClick={() => openPage('staffCheckInCode', { needId: need.id, shiftId: s.id })}>签到二维码</Button>
            </View>
            <Button className='ui-btn ui-btn--plain ui-btn--block' data-action='candidates' onClick={() => openPage('staffCandidates', { needId: need.id, shiftId: s.id })}>推荐志愿者与邀请</Button>
          </View>
        );
      })}
      <View className='ui-card' data-section='arrivals'>
        <Text className='ui-subtitle'>实时动态</Text>
        {arrivals.length === 0 ? <Text className='ui-muted'>有人报名或取消时会出现在这里</Text> : null}
        {arrivals.map((a, i) => (
          <Text key={`${a.at}-${i}`} className='ui-text' data-arrival>
            {formatShanghai(a.at).slice(-5)} 班次 {shiftIndex.get(a.shiftId)} {a.change > 0 ? `新增 ${a.change} 人报名` : `${-a.change} 人取消`}（{a.enrolled}/{a.capacity}）
          </Text>
        ))}
      </View>
    </>
  );
}

export default function StaffNeedPage() {
  const signedIn = useRequireSession();
  const id = useRouter().params.id ?? '';
  const need = useQuery({ queryKey: needKey(id), queryFn: () => fetchNeed(id), enabled: signedIn && id !== '' });
  usePullRefresh(() => need.refetch());
  if (!signedIn) return null;
  return (
    <View className='ui-page'>
      <QueryState query={need} loading='正在加载…'>
        {(data) => <LiveNeed need={data} fetchedAt={need.dataUpdatedAt} refetch={() => void need.refetch()} />}
      </QueryState>
    </View>
  );
}
