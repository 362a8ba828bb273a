import { useMutation, useQueryClient } from '@tanstack/react-query';
import Taro from '@tarojs/taro';
import type { EnrollmentView } from '@tongxin/shared';
import { asApiError } from '@/services/api';
import { openPage } from '@/features/auth/navigation';
import { useReminderConsent } from '@/features/notifications/use-reminder-consent';
import { cancelEnrollment, enroll, enrollmentsKey, needKey } from './schedule.api';

/** Sign-up codes that only a better profile can fix: offer to open it. */
const PROFILE_FIXES = new Set(['VOLUNTEER_PROFILE_REQUIRED', 'SKILLS_MISSING']);

async function explain(thrown: unknown): Promise<void> {
  const error = asApiError(thrown);
  if (PROFILE_FIXES.has(error.code)) {
    const { confirm } = await Taro.showModal({ title: '还差一步', content: `${error.title}，现在去完善资料吗？`, confirmText: '去完善', cancelText: '稍后' });
    if (confirm) openPage('profile');
    return;
  }
  await Taro.showToast({ title: error.title, icon: 'none', duration: 3000 });
}

/** Sign up (or join the waitlist) and cancel, refreshing the schedule and the need afterwards. */
export function useEnrollmentActions() {
  const queryClient = useQueryClient();
  const settle = (needId: string) => {
    void queryClient.invalidateQueries({ queryKey: enrollmentsKey });
    void queryClient.invalidateQueries({ queryKey: needKey(needId) });
  };

  const signUp = useMutation({
    mutationFn: (v: { needId: string; shiftId: string; waitlist: boolean }) => enroll(v.needId, v.shiftId, v.waitlist),
    onSuccess: async (enrollment: EnrollmentView, v) => {
      settle(v.needId);
      await Taro.showToast({ title: enrollment.status === 'waitlisted' ? '已加入候补' : '报名成功', icon: 'success' });
    },
    onError: (error) => void explain(error),
  });

  const cancel = useMutation({
    mutationFn: (v: { enrollmentId: string; needId: string }) => cancelEnrollment(v.enrollmentId),
    onSuccess: async (enrollment: EnrollmentView, v) => {
      settle(v.needId);
      await Taro.showToast({ title: enrollment.lateCancellation ? '已取消（临近开始取消会影响信用）' : '已取消报名', icon: 'none', duration: 2500 });
    },
    onError: (error) => void explain(error),
  });

  const confirmCancel = async (enrollmentId: string, needId: string) => {
    const { confirm } = await Taro.showModal({ title: '取消报名', content: '确定取消这个班次吗？临近开始时取消会影响你的信用记录。', confirmText: '取消报名', cancelText: '再想想' });
    if (confirm) cancel.mutate({ enrollmentId, needId });
  };

  const consent = useReminderConsent(true);
  /** Call from the tap itself: asks for reminder messages (mini-program) while the sign-up is sent. */
  const startSignUp = (v: { needId: string; shiftId: string; waitlist: boolean }) => {
    consent.ask();
    signUp.mutate(v);
  };

  return { signUp, startSignUp, cancel, confirmCancel, busy: signUp.isPending || cancel.isPending };
}
