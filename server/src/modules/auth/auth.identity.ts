import { createHmac } from 'node:crypto';
import type { Actor } from '@tongxin/shared';

/**
 * A way of signing in that auth has verified. A phone arrives already hashed and masked, so the
 * plain number never leaves the login flow: nothing downstream can store or log it by mistake.
 */
export type LoginIdentity =
  | { kind: 'wechat'; openid: string }
  | { kind: 'phone'; phoneHash: string; phoneMasked: string };

/**
 * What auth needs from the accounts (users) module. Declared here, satisfied structurally by
 * UsersService, so auth never imports users while users' routes may use auth's middleware.
 */
export interface UserAccounts {
  /** The account of this identity, created on first sign-in. */
  findOrCreateByIdentity(identity: LoginIdentity): Promise<Actor>;
  /** The current roles and scopes of a user; null when the account no longer exists. */
  getActor(userId: string): Promise<Actor | null>;
}

/** HMAC-SHA256 of the number with the PII key: a stable lookup key that a stolen dump cannot reverse by enumeration. */
export function hashPhone(phone: string, piiHashKey: string): string {
  return createHmac('sha256', piiHashKey).update(`phone:${phone}`).digest('hex');
}

/** "13812345678" → "138****5678", the only form of a phone number shown or logged. */
export function maskPhone(phone: string): string {
  return phone.length === 11 ? `${phone.slice(0, 3)}****${phone.slice(7)}` : '***';
}

export function phoneIdentity(phone: string, piiHashKey: string): LoginIdentity & { kind: 'phone' } {
  return { kind: 'phone', phoneHash: hashPhone(phone, piiHashKey), phoneMasked: maskPhone(phone) };
}
