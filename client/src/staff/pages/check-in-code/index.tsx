import { useEffect, useState } from 'react';
import { Text, View } from '@tarojs/components';
import Taro, { useRouter } from '@tarojs/taro';
import { useQuery } from '@tanstack/react-query';
import { QueryState } from '@/components/query-state';
import { useRequireSession } from '@/features/auth/use-require-session';
import { checkInCodeKey, fetchCheckInCode } from '@/features/staff/staff.api';
import { QrImage } from '@/features/staff/qr-image';
import '@/components/ui.css';

/** Seconds left until `iso`, never negative. */
function secondsUntil(iso: string): number {
  return Math.max(0, Math.ceil((Date.parse(iso) - Date.now()) / 1000));
}

/**
 * The rotating check-in QR code of one shift, shown on the staff member's phone at the door. It is
 * fetched again when the server says the next code is due; the text is shown too for volunteers on H5.
 */
export default function CheckInCodePage() {
  const signedIn = useRequireSession();
  const { needId = '', shiftId = '' } = useRouter().params;
  const [now, setNow] = useState(Date.now());
  const code = useQuery({
    queryKey: checkInCodeKey(needId, shiftId),
    queryFn: () => fetchCheckInCode(needId, shiftId),
    enabled: signedIn && needId !== '' && shiftId !== '',
    staleTime: 0,
    refetchInterval: (query) => Math.max(1, query.state.data?.refreshInSeconds ?? 30) * 1000,
  });
  useEffect(() => {
    const timer = setInterval(() => setNow(Date.now()), 1000);
    // Keep the screen on while the code is shown (mini-program; a no-op where unsupported).
    void Taro.setKeepScreenOn?.({ keepScreenOn: true }).catch(() => undefined);
    return () => clearInterval(timer);
  }, []);
  if (!signedIn) return null;
  return (
    <View className='ui-page'>
      <QueryState query={code} loading='正在生成签到码…'>
        {(view) => (
          <View className='ui-card' style={{ textAlign: 'center' }} data-check-in-code={view.code}>
            <Text className='ui-subtitle'>请志愿者扫码签到 / 签退</Text>
            <QrImage text={view.code} label='签到二维码' />
            <Text className='ui-muted' data-refresh-in>{secondsUntil(view.expiresAt) > 0 ? `${Math.max(0, Math.ceil((Date.parse(view.expiresAt) - now) / 1000))} 秒后失效，会自动更新` : '正在更新…'}</Text>
            <Text className='ui-muted'>无法扫码时可输入：</Text>
            <Text className='ui-text' selectable style={{ wordBreak: 'break-all' }}>{view.code}</Text>
          </View>
        )}
      </QueryState>
    </View>
  );
}
