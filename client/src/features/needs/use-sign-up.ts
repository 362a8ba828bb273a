import { useState } from 'react';
import Taro from '@tarojs/taro';
import { asApiError } from '@/services/api';
import { useReminderConsent } from '@/features/notifications/use-reminder-consent';
import { signUpForShift } from './needs.api';

/** Sign-up from the needs square: one request per shift at a time, the server's Chinese answer shown as is. */
export function useSignUp() {
  const [pending, setPending] = useState<string | null>(null);
  const [signedUp, setSignedUp] = useState<ReadonlySet<string>>(new Set());

  const consent = useReminderConsent(true);

  const signUp = async (needId: string, shiftId: string) => {
    if (pending) return;
    // Still inside the tap (WeChat shows the prompt only there): reminders are what a sign-up needs next.
    consent.ask();
    setPending(shiftId);
    try {
      await signUpForShift(needId, shiftId);
      setSignedUp((current) => new Set(current).add(shiftId));
      await Taro.showToast({ title: '报名成功', icon: 'success' });
    } catch (error) {
      const apiError = asApiError(error);
      if (apiError.code === 'ALREADY_ENROLLED') setSignedUp((current) => new Set(current).add(shiftId));
      await Taro.showToast({ title: apiError.title, icon: 'none', duration: 3000 });
    } finally {
      setPending(null);
    }
  };

  return { signUp, pending, signedUp };
}

export type SignUp = ReturnType<typeof useSignUp>;
