import { Text, View } from '@tarojs/components';
import { useQuery } from '@tanstack/react-query';
import { formatShanghai, type ServiceRecordView } from '@tongxin/shared';
import { QueryState } from '@/components/query-state';
import { CertificatesCard } from '@/features/attendance/certificates-card';
import { fetchHours, fetchServiceRecords, hoursKey, recordsKey } from '@/features/attendance/attendance.api';
import { useRequireSession } from '@/features/auth/use-require-session';
import { usePullRefresh } from '@/hooks/use-pull-refresh';
import '@/components/ui.css';

const RECORD_STATUS: Record<ServiceRecordView['status'], string> = {
  checked_in: '服务中', checked_out: '待核定', verified: '已核定', supplementary_only: '补录',
};

function Stars({ count }: { count: number }) {
  return <Text className='ui-title' aria-label={`${count} 星志愿者`} style={{ color: '#a8321f' }}>{'★'.repeat(count)}{'☆'.repeat(5 - count)}</Text>;
}

export default function HoursPage() {
  const signedIn = useRequireSession();
  const hours = useQuery({ queryKey: hoursKey, queryFn: fetchHours, enabled: signedIn });
  const records = useQuery({ queryKey: recordsKey, queryFn: fetchServiceRecords, enabled: signedIn });
  usePullRefresh(() => Promise.all([hours.refetch(), records.refetch()]));
  if (!signedIn) return null;
  return (
    <View className='ui-page'>
      <QueryState query={hours} loading='正在加载时长…'>
        {(h) => (
          <View className='ui-card' data-total-hours={h.totalHours}>
            <Stars count={h.stars} />
            <Text className='ui-text'>累计服务 <Text style={{ fontSize: '44px', fontWeight: 700 }}>{h.totalHours}</Text> 小时</Text>
            {h.supplementaryHours > 0 ? <Text className='ui-muted'>其中补录 {h.supplementaryHours} 小时</Text> : null}
            <Text className='ui-muted'>{h.hoursToNextStar === null ? '已是最高星级，感谢你的长期付出！' : `再服务 ${h.hoursToNextStar} 小时升到 ${h.stars + 1} 星`}</Text>
          </View>
        )}
      </QueryState>
      <CertificatesCard enabled={signedIn} />
      <Text className='ui-subtitle' style={{ margin: '8px 32px' }}>服务记录</Text>
      <QueryState query={records} loading='正在加载记录…' empty={{ when: (r) => r.records.length === 0, title: '还没有服务记录', hint: '签到并完成服务后会出现在这里' }}>
        {(r) => (
          <>
            {r.records.map((record) => (
              <View key={record.enrollmentId} className='ui-card'>
                <Text className='ui-text' style={{ fontWeight: 600 }}>{record.needTitle}</Text>
                <Text className='ui-muted'>{record.communityName} · {formatShanghai(record.shiftStartsAt)}</Text>
                <Text className='ui-muted'>
                  {RECORD_STATUS[record.status]}
                  {record.verifiedMinutes !== null ? ` · 核定 ${record.verifiedMinutes} 分钟` : record.systemMinutes !== null ? ` · 系统 ${record.systemMinutes} 分钟` : ''}
                </Text>
              </View>
            ))}
          </>
        )}
      </QueryState>
    </View>
  );
}
