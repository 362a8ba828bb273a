import { objectIdSchema } from './common';
import { z } from './zod';
import type { Role, Scopes } from '../domain/roles';

export const wechatLoginSchema = z.strictObject({
  code: z.string().trim().min(1, '缺少微信登录凭证').max(128),
});

export const phoneSchema = z.string().regex(/^1[3-9]\d{9}$/, '请输入正确的手机号');

export const smsRequestSchema = z.strictObject({ phone: phoneSchema });

export const smsVerifySchema = z.strictObject({
  phone: phoneSchema,
  code: z.string().regex(/^\d{6}$/, '验证码为 6 位数字'),
});

export const refreshSchema = z.strictObject({
  refreshToken: z.string().min(20).max(200),
});

/** A city admin ends every session of an account (a lost phone, a suspended account). */
export const userSessionsParamsSchema = z.strictObject({ id: objectIdSchema });

/** Tokens issued at login and refresh; lifetimes in seconds. */
export interface TokenPair {
  accessToken: string;
  accessTokenExpiresIn: number;
  refreshToken: string;
  refreshTokenExpiresIn: number;
}

export interface Me {
  id: string;
  displayName: string;
  roles: Role[];
  scopes: Scopes;
  /** Masked, e.g. "138****5678"; absent for WeChat-only accounts. */
  phone?: string;
}

export type WechatLoginInput = z.infer<typeof wechatLoginSchema>;
export type SmsRequestInput = z.infer<typeof smsRequestSchema>;
export type SmsVerifyInput = z.infer<typeof smsVerifySchema>;
export type RefreshInput = z.infer<typeof refreshSchema>;
