import type { SmsRequestInput, SmsVerifyInput, TokenPair, WechatLoginInput } from '@tongxin/shared';
import { api } from '@/services/api';

export function requestSmsCode(input: SmsRequestInput): Promise<void> {
  return api.post<void>('/auth/sms/request', input, { auth: false });
}

export function verifySmsCode(input: SmsVerifyInput): Promise<TokenPair> {
  return api.post<TokenPair>('/auth/sms/verify', input, { auth: false });
}

export function loginWithWechat(input: WechatLoginInput): Promise<TokenPair> {
  return api.post<TokenPair>('/auth/wechat', input, { auth: false });
}
