import { z } from '@tongxin/shared';
import { AppError, RateLimitedError } from '../../platform/errors';
import type { Logger } from '../../platform/logger';

/** What WeChat's code2Session tells about a mini-program user. */
export interface WechatSession {
  openid: string;
  /** Present when the mini program is bound to a WeChat Open Platform account. */
  unionid?: string;
  /** Key of the user's encrypted data; a secret that must never leave the server. */
  sessionKey: string;
}

/** Exchanges a `wx.login()` code for the user's identity; throws AppErrors fit for the client. */
export interface WechatAuthProvider {
  code2Session(code: string): Promise<WechatSession>;
}

export interface WechatApiOptions {
  appId: string;
  appSecret: string;
  /** e.g. "https://api.weixin.qq.com"; configurable so tests can stand in for WeChat. */
  apiBase: string;
  /** Deadline of one call, milliseconds; a login should fail fast rather than hang. */
  timeoutMs?: number;
  logger: Logger;
}

const DEFAULT_TIMEOUT_MS = 5000;

/** WeChat's per-user minute quota (errcode 45011) resets within a minute. */
const WECHAT_QUOTA_RETRY_SECONDS = 60;

// WeChat answers errors with HTTP 200 and an `errcode`; success may omit `errcode` or send 0.
const code2SessionSchema = z.object({
  openid: z.string().min(1).optional(),
  unionid: z.string().min(1).optional(),
  session_key: z.string().min(1).optional(),
  errcode: z.number().int().optional(),
  errmsg: z.string().optional(),
});

type Code2SessionBody = z.infer<typeof code2SessionSchema>;

/** The real WeChat API (`/sns/jscode2session`). */
export class HttpWechatAuthProvider implements WechatAuthProvider {
  constructor(private readonly options: WechatApiOptions) {}

  async code2Session(code: string): Promise<WechatSession> {
    const body = await this.call(code);
    if (body.errcode) throw this.errorFor(body.errcode, body.errmsg);
    if (!body.openid || !body.session_key) {
      this.options.logger.warn('jscode2session answered without openid or session_key');
      throw new AppError('WECHAT_LOGIN_FAILED');
    }
    return { openid: body.openid, sessionKey: body.session_key, ...(body.unionid ? { unionid: body.unionid } : {}) };
  }

  private async call(code: string): Promise<Code2SessionBody> {
    const { appId, appSecret, apiBase, timeoutMs = DEFAULT_TIMEOUT_MS, logger } = this.options;
    const query = new URLSearchParams({ appid: appId, secret: appSecret, js_code: code, grant_type: 'authorization_code' });
    let response: Response;
    try {
      response = await fetch(`${apiBase.replace(/\/+$/, '')}/sns/jscode2session?${query}`, {
        signal: AbortSignal.timeout(timeoutMs),
      });
    } catch (error) {
      // Only the error's name: the URL, which may appear in details, carries the app secret.
      logger.warn({ reason: error instanceof Error ? error.name : 'unknown' }, 'jscode2session unreachable');
      throw new AppError('WECHAT_LOGIN_FAILED');
    }
    // Read the body whatever the status, so the connection goes back to the pool.
    const json: unknown = await response.json().catch(() => null);
    const parsed = response.ok ? code2SessionSchema.safeParse(json) : null;
    if (!parsed?.success) {
      logger.warn({ status: response.status }, 'jscode2session answered with an unreadable response');
      throw new AppError('WECHAT_LOGIN_FAILED');
    }
    return parsed.data;
  }

  private errorFor(errcode: number, errmsg = ''): AppError {
    switch (errcode) {
      case 40029: // invalid code
      case 40163: // code already used
        return new AppError('WECHAT_CODE_INVALID');
      case 45011:
        return new RateLimitedError(WECHAT_QUOTA_RETRY_SECONDS);
      case 40226: // WeChat flags the user as high-risk
        return new AppError('WECHAT_USER_BLOCKED');
      default:
        // -1 (busy) and misconfiguration alike (40013 bad appid, 40125 bad secret): the user can only retry.
        this.options.logger.warn({ errcode, errmsg }, 'jscode2session failed');
        return new AppError('WECHAT_LOGIN_FAILED');
    }
  }
}
