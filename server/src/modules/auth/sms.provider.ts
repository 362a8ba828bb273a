import { AppError } from '../../platform/errors';
import type { Logger } from '../../platform/logger';
import { maskPhone } from './auth.identity';

/**
 * Template ids of every text message the server sends (one provider serves sign-in codes and
 * notifications); a real provider maps them to its approved templates.
 */
export const SMS_TEMPLATES = {
  /** Params: `code` (6 digits), `minutes` (validity). */
  loginCode: 'login-code',
  /** A notification that found no other channel. Params: `title` (≤ 20 chars, no personal data). */
  notice: 'notice',
} as const;

export type SmsTemplateId = (typeof SMS_TEMPLATES)[keyof typeof SMS_TEMPLATES];

/** Sends a templated text message; rejects when the message was not accepted. */
export interface SmsProvider {
  send(phone: string, templateId: SmsTemplateId, params: Record<string, string>): Promise<void>;
}

/** How many phones the sandbox remembers codes for; bounds its memory in a long-running dev server. */
const REMEMBERED_PHONES = 1000;

/**
 * DEVELOPMENT AND TEST ONLY: sends nothing. It writes the code to the log, which is how a developer
 * signs in locally, and remembers the last code per phone for tests. Refused in production by
 * `createAuthModule`, since a logged code is a signed-in session for whoever reads the log.
 */
export class SandboxSmsProvider implements SmsProvider {
  private readonly lastCodes = new Map<string, string>();

  constructor(private readonly logger: Logger) {}

  /** Every notice "sent", newest last (bounded), for tests and local development. */
  readonly notices: Array<{ phone: string; params: Record<string, string> }> = [];

  async send(phone: string, templateId: SmsTemplateId, params: Record<string, string>): Promise<void> {
    if (templateId === SMS_TEMPLATES.notice) {
      this.notices.push({ phone, params });
      if (this.notices.length > REMEMBERED_PHONES) this.notices.shift();
      this.logger.info({ templateId }, `[SANDBOX SMS, not sent] to ${maskPhone(phone)}: notice「${params.title ?? ''}」`);
      return;
    }
    const code = params.code ?? '';
    this.remember(phone, code);
    // In the message text on purpose: the logger redacts any `code` field, and showing it is this class's job.
    this.logger.info({ templateId }, `[SANDBOX SMS, not sent] to ${maskPhone(phone)}: code ${code}`);
  }

  /** The last code sent to this phone, for tests that play the user reading their SMS. */
  lastCodeFor(phone: string): string | undefined {
    return this.lastCodes.get(phone);
  }

  private remember(phone: string, code: string): void {
    this.lastCodes.delete(phone);
    this.lastCodes.set(phone, code);
    if (this.lastCodes.size > REMEMBERED_PHONES) {
      const oldest = this.lastCodes.keys().next().value;
      if (oldest !== undefined) this.lastCodes.delete(oldest);
    }
  }
}

/** Production stand-in until a real provider is configured: SMS sign-in answers 503, nothing is logged. */
export class UnavailableSmsProvider implements SmsProvider {
  async send(): Promise<void> {
    throw new AppError('SERVICE_UNAVAILABLE', '短信登录暂未开通，请使用微信登录');
  }
}
