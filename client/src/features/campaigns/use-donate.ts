import { useRef, useState } from 'react';
import Taro from '@tarojs/taro';
import { useQueryClient } from '@tanstack/react-query';
import type { CreateDonationInput, DonationView } from '@tongxin/shared';
import { asApiError } from '@/services/api';
import { campaignKey, createDonation, myDonationsKey, paySandbox } from './campaigns.api';
import { payWithWechat } from './wechat-pay';
import { newIdempotencyKey } from '@/features/donations/yuan';

export type DonateStep = 'idle' | 'creating' | 'paying' | 'paid';

/**
 * Donating: create the pending donation (idempotent: the same key until it succeeds, so a retry
 * after a lost answer never donates twice), then pay through what the server asks for: the
 * sandbox's pay step (H5, development) or `wx.requestPayment` in the mini-program.
 */
export function useDonate(campaignId: string) {
  const queryClient = useQueryClient();
  const [step, setStep] = useState<DonateStep>('idle');
  const [donation, setDonation] = useState<DonationView | null>(null);
  const key = useRef(newIdempotencyKey());

  const donate = async (input: CreateDonationInput) => {
    if (step === 'creating' || step === 'paying') return;
    try {
      setStep('creating');
      const created = await createDonation(campaignId, input, key.current);
      setStep('paying');
      if (created.payment?.provider === 'sandbox') await paySandbox(created.payment.payPath);
      else if (created.payment?.provider === 'wechat') await payWithWechat(created.payment);
      key.current = newIdempotencyKey();
      setDonation(created);
      setStep('paid');
      void queryClient.invalidateQueries({ queryKey: myDonationsKey });
      void queryClient.invalidateQueries({ queryKey: campaignKey(campaignId) });
      await Taro.showToast({ title: '感谢你的爱心！', icon: 'success' });
    } catch (thrown) {
      setStep('idle');
      await Taro.showToast({ title: asApiError(thrown).title, icon: 'none', duration: 3000 });
    }
  };

  return { donate, step, donation, busy: step === 'creating' || step === 'paying', reset: () => setStep('idle') };
}
