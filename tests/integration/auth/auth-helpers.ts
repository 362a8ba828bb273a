import { randomInt } from 'node:crypto';
import request from 'supertest';
import type { TokenPair } from '@tongxin/shared';
import { hashPhone, SandboxSmsProvider } from '../../../server/src/modules/auth';
import type { TestApi } from '../../helpers/test-api';

export const bearer = (token: string) => ({ authorization: `Bearer ${token}` });

/** A random mainland mobile number; tests never share one. */
export function aPhone(): string {
  return `139${String(randomInt(0, 100_000_000)).padStart(8, '0')}`;
}

/** The sandbox SMS provider of a test API: the "phone" on which tests read their codes. */
export function smsInbox(api: TestApi): SandboxSmsProvider {
  const { sms } = api.runtime.modules.auth;
  if (!(sms instanceof SandboxSmsProvider)) throw new Error('tests expect the sandbox SMS provider');
  return sms;
}

export async function requestCode(api: TestApi, phone: string): Promise<string> {
  const res = await request(api.url).post('/api/v1/auth/sms/request').send({ phone });
  if (res.status !== 204) throw new Error(`sms request answered ${res.status}: ${JSON.stringify(res.body)}`);
  const code = smsInbox(api).lastCodeFor(phone);
  if (!code) throw new Error('no code was sent');
  return code;
}

/** Signs in by SMS, as a user reading the code from their phone would. */
export async function signInByPhone(api: TestApi, phone = aPhone()): Promise<TokenPair> {
  const code = await requestCode(api, phone);
  const res = await request(api.url).post('/api/v1/auth/sms/verify').send({ phone, code });
  if (res.status !== 200) throw new Error(`sms verify answered ${res.status}: ${JSON.stringify(res.body)}`);
  return res.body as TokenPair;
}

export async function signInByWechat(api: TestApi, code: string): Promise<TokenPair> {
  const res = await request(api.url).post('/api/v1/auth/wechat').send({ code });
  if (res.status !== 200) throw new Error(`wechat login answered ${res.status}: ${JSON.stringify(res.body)}`);
  return res.body as TokenPair;
}

/** The Redis key holding the live code of a phone (makes a code expire without waiting minutes). */
export function smsCodeKey(api: TestApi, phone: string): string {
  return `${api.config.REDIS_PREFIX}:sms:code:${hashPhone(phone, api.config.PII_HASH_KEY)}`;
}

/** Clears the per-phone request counters, so a test can sign the same phone in twice within a minute. */
export async function forgetSmsLimits(api: TestApi): Promise<void> {
  const keys = await api.runtime.infra.redis.keys(`${api.config.REDIS_PREFIX}:rl:sms-*`);
  if (keys.length > 0) await api.runtime.infra.redis.del(...keys);
}
