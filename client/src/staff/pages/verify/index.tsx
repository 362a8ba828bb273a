import { useState } from 'react';
import { Button, Input, Text, View } from '@tarojs/components';
import Taro from '@tarojs/taro';
import { useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import { formatShanghai, verifyHoursSchema, type FlaggedAttendanceView } from '@tongxin/shared';
import { Field } from '@/components/field';
import { QueryState } from '@/components/query-state';
import { asApiError } from '@/services/api';
import { useRequireSession } from '@/features/auth/use-require-session';
import { fetchFlagged, flaggedKey, markReviewed, verifyHours } from '@/features/staff/staff.api';
import { usePullRefresh } from '@/hooks/use-pull-refresh';
import '@/components/ui.css';

function Row({ record }: { record: FlaggedAttendanceView }) {
  const queryClient = useQueryClient();
  const [minutes, setMinutes] = useState(String(record.verifiedMinutes ?? record.systemMinutes ?? ''));
  const [error, setError] = useState<string>();
  const done = () => void queryClient.invalidateQueries({ queryKey: flaggedKey });
  const fail = (e: unknown) => void Taro.showToast({ title: asApiError(e).title, icon: 'none', duration: 3000 });
  const verify = useMutation({ mutationFn: (m: number) => verifyHours(record.enrollmentId, m), onSuccess: () => { void Taro.showToast({ title: '已核定', icon: 'success' }); done(); }, onError: fail });
  const review = useMutation({ mutationFn: () => markReviewed(record.enrollmentId), onSuccess: done, onError: fail });
  const submit = () => {
    const parsed = verifyHoursSchema.safeParse({ minutes: Number(minutes) });
    if (minutes.trim() === '' || !parsed.success) {
      setError(parsed.success ? '请填写核定分钟数' : parsed.error.issues[0]?.message);
      return;
    }
    setError(undefined);
    verify.mutate(parsed.data.minutes!);
  };
  const name = `minutes-${record.enrollmentId}`;
  // A verified record stays listed (its flags still want a review), but its hours are final: the
  // server refuses a second verification, so the page offers only the review.
  const verified = record.status === 'verified';
  // The server verifies only after the check-out (409 志愿者尚未签退): until then there is nothing to offer.
  const checkedIn = !verified && !record.checkOutAt;
  return (
    <View className='ui-card' data-enrollment-id={record.enrollmentId} data-status={record.status}>
      <Text className='ui-text'>班次 {formatShanghai(record.shiftStartsAt)}</Text>
      <Text className='ui-muted'>签到 {formatShanghai(record.checkInAt)}{record.checkOutAt ? ` · 签退 ${formatShanghai(record.checkOutAt)}` : ' · 未签退'}</Text>
      <Text className='ui-error'>{record.flags.map((f) => f.label).join('；')}</Text>
      {verified ? (
        <Text className='ui-text' data-verified-minutes={record.verifiedMinutes}>已核定 {record.verifiedMinutes} 分钟（系统记录 {record.systemMinutes ?? '—'}）</Text>
      ) : checkedIn ? (
        <Text className='ui-muted'>志愿者签退后可核定时长</Text>
      ) : (
        <Field label={`核定时长（分钟，系统记录 ${record.systemMinutes ?? '—'}）`} name={name} error={error}>
          <Input className='ui-input' type='number' value={minutes} onInput={(e) => setMinutes(e.detail.value)} nativeProps={{ name, 'aria-label': '核定时长（分钟）' }} />
        </Field>
      )}
      <View className='ui-row' style={{ justifyContent: 'flex-end', gap: '16px' }}>
        <Button className='ui-btn ui-btn--plain ui-btn--small' loading={review.isPending} onClick={() => review.mutate()}>标记已复核</Button>
        {verified || checkedIn ? null : <Button className='ui-btn ui-btn--small' loading={verify.isPending} onClick={submit}>核定</Button>}
      </View>
    </View>
  );
}

/** Staff check the records the system flagged (auto check-out, far away, overlapping…) and verify their hours. */
export default function VerifyPage() {
  const signedIn = useRequireSession();
  const flagged = useQuery({ queryKey: flaggedKey, queryFn: fetchFlagged, enabled: signedIn });
  usePullRefresh(() => flagged.refetch());
  if (!signedIn) return null;
  return (
    <View className='ui-page'>
      <QueryState query={flagged} loading='正在加载待核定记录…' empty={{ when: (items) => items.length === 0, title: '没有需要复核的记录', hint: '系统标记的异常签到会出现在这里' }}>
        {(items) => <>{items.map((r) => <Row key={r.enrollmentId} record={r} />)}</>}
      </QueryState>
    </View>
  );
}
