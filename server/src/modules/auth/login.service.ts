import type { SmsRequestInput, SmsVerifyInput, TokenPair, WechatLoginInput } from '@tongxin/shared';
import { AppError } from '../../platform/errors';
import type { Logger } from '../../platform/logger';
import { hashPhone, phoneIdentity, type UserAccounts } from './auth.identity';
import type { SmsCodeStore } from './sms-codes';
import type { SmsRequestLimits } from './sms-limits';
import { SMS_TEMPLATES, type SmsProvider } from './sms.provider';
import type { SessionsService } from './sessions.service';
import type { WechatAuthProvider } from './wechat-auth.provider';

export interface LoginServiceParts {
  users: UserAccounts;
  sessions: SessionsService;
  wechat: WechatAuthProvider;
  sms: SmsProvider;
  smsCodes: SmsCodeStore;
  smsLimits: SmsRequestLimits;
  /** HMAC key for phone numbers (config.PII_HASH_KEY). */
  piiHashKey: string;
  /** Lifetime of an SMS code, seconds; told to the user in the message. */
  smsCodeTtlSeconds: number;
  logger: Logger;
}

/** The ways to sign in; each ends in a new session for the (possibly new) account. */
export class LoginService {
  constructor(private readonly parts: LoginServiceParts) {}

  async loginWithWechat({ code }: WechatLoginInput): Promise<TokenPair> {
    // session_key is dropped here on purpose: it only decrypts wx.getUserInfo-era payloads, which
    // this portal does not use (phone numbers come by SMS), and a key not kept cannot leak.
    const { openid } = await this.parts.wechat.code2Session(code);
    const actor = await this.parts.users.findOrCreateByIdentity({ kind: 'wechat', openid });
    this.parts.logger.info({ userId: actor.userId, method: 'wechat' }, 'signed in');
    return this.parts.sessions.startSession(actor);
  }

  /** Sends a login code, within the per-IP and per-phone limits. */
  async requestSmsCode({ phone }: SmsRequestInput, clientIp: string): Promise<void> {
    const phoneHash = hashPhone(phone, this.parts.piiHashKey);
    await this.parts.smsLimits.consume(phoneHash, clientIp);
    const code = await this.parts.smsCodes.issue(phoneHash);
    const minutes = String(Math.ceil(this.parts.smsCodeTtlSeconds / 60));
    await this.parts.sms.send(phone, SMS_TEMPLATES.loginCode, { code, minutes });
  }

  async loginWithSms({ phone, code }: SmsVerifyInput): Promise<TokenPair> {
    const identity = phoneIdentity(phone, this.parts.piiHashKey);
    // One answer for wrong, spent, expired and never-requested codes: nothing to learn by probing.
    if (!(await this.parts.smsCodes.consume(identity.phoneHash, code))) throw new AppError('SMS_CODE_INVALID');
    const actor = await this.parts.users.findOrCreateByIdentity(identity);
    this.parts.logger.info({ userId: actor.userId, method: 'sms' }, 'signed in');
    return this.parts.sessions.startSession(actor);
  }
}
