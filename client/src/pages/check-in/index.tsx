import { View } from '@tarojs/components';
import { useRouter } from '@tarojs/taro';
import { useQueryClient } from '@tanstack/react-query';
import { StateView } from '@/components/state-view';
import { CheckInFlow } from '@/features/attendance/check-in-flow';
import { hoursKey, recordAttendance } from '@/features/attendance/attendance.api';
import { scanCheckInCode } from '@/features/attendance/scan-code';
import { useRequireSession } from '@/features/auth/use-require-session';
import '@/components/ui.css';

export default function CheckInPage() {
  const signedIn = useRequireSession();
  const queryClient = useQueryClient();
  const enrollmentId = useRouter().params.enrollmentId ?? '';
  if (!signedIn) return null;
  if (enrollmentId === '') return <StateView kind='error' title='没有找到这个报名' hint='请从“我的日程”进入签到' />;
  return (
    <View className='ui-page'>
      <CheckInFlow
        scan={scanCheckInCode}
        record={async (action, code) => {
          const attendance = await recordAttendance(decodeURIComponent(enrollmentId), action, { code });
          void queryClient.invalidateQueries({ queryKey: hoursKey });
          return attendance;
        }}
      />
    </View>
  );
}
