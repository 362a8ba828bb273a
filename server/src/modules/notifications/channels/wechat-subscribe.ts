import { UnrecoverableError } from 'bullmq';
import { z } from '@tongxin/shared';
import type { Redis } from 'ioredis';
import type { Logger } from '../../../platform/logger';

/** One subscribe message: `data` maps the template's field names (`thing1`, `time2`, …) to values. */
export interface SubscribeMessage {
  openid: string;
  templateId: string;
  /** Mini-program page opened from the message, e.g. `pages/inbox/index`. */
  page?: string;
  data: Record<string, string>;
}

/** Sends WeChat subscribe messages (`/cgi-bin/message/subscribe/send`). */
export interface WechatSubscribeSender {
  send(message: SubscribeMessage): Promise<void>;
}

/** The user holds no subscription for this template (errcode 43101): fall back to another channel; never retry. */
export class SubscriptionMissingError extends UnrecoverableError {
  override name = 'SubscriptionMissingError';
}

/** WeChat's quota or frequency limit (45009, 45011): retry later with backoff. */
export class WechatQuotaError extends Error {
  override name = 'WechatQuotaError';
}

const tokenSchema = z.object({
  access_token: z.string().min(1).optional(),
  expires_in: z.number().int().positive().optional(),
  errcode: z.number().int().optional(),
  errmsg: z.string().optional(),
});
const sendSchema = z.object({ errcode: z.number().int().optional(), errmsg: z.string().optional() });

/** Codes that mean "this access token is no longer good": fetch a new one and try once more. */
const STALE_TOKEN = new Set([40001, 40014, 42001]);
const QUOTA = new Set([45009, 45011, 45047]);
/** Our request is wrong (template id, field values, openid): retrying cannot help. */
const PERMANENT = new Set([40003, 40037, 47003, 41030]);

export interface HttpWechatSubscribeOptions {
  appId: string;
  appSecret: string;
  /** e.g. "https://api.weixin.qq.com"; tests point it at a local fake. */
  apiBase: string;
  /** Shared token cache (every replica uses one token: each fetch shortens the previous one's life). */
  redis: Redis;
  tokenKey: string;
  logger: Logger;
  /** Fetch a new token this long before the current one expires, ms. Default 5 minutes. */
  refreshBeforeMs?: number;
  /** `formal`, `trial` or `developer`: which build of the mini program the message opens. */
  miniprogramState?: 'formal' | 'trial' | 'developer';
  timeoutMs?: number;
  now?: () => number;
}

/** The real WeChat API: access token fetched once, cached in Redis and refreshed before it expires. */
export class HttpWechatSubscribeSender implements WechatSubscribeSender {
  private fetching: Promise<string> | null = null;

  constructor(private readonly options: HttpWechatSubscribeOptions) {}

  async send(message: SubscribeMessage): Promise<void> {
    let errcode = await this.post(message, await this.token());
    if (errcode !== 0 && STALE_TOKEN.has(errcode)) errcode = await this.post(message, await this.token(true));
    if (errcode === 0) return;
    if (errcode === 43101) throw new SubscriptionMissingError(`no subscription for template ${message.templateId}`);
    if (QUOTA.has(errcode)) throw new WechatQuotaError(`WeChat quota reached (errcode ${errcode})`);
    if (PERMANENT.has(errcode)) throw new UnrecoverableError(`WeChat refused the message (errcode ${errcode})`);
    throw new Error(`WeChat subscribe send failed (errcode ${errcode})`);
  }

  /** The cached token, or a fresh one when missing, near expiry or known stale; one fetch at a time per process. */
  async token(stale = false): Promise<string> {
    const now = this.options.now?.() ?? Date.now();
    if (!stale) {
      const cached = await this.options.redis.get(this.options.tokenKey);
      if (cached) {
        const [token, refreshAt] = cached.split(' ');
        if (token && Number(refreshAt) > now) return token;
      }
    }
    this.fetching ??= this.fetchToken(now).finally(() => { this.fetching = null; });
    return this.fetching;
  }

  private async fetchToken(now: number): Promise<string> {
    const { appId, appSecret, apiBase, refreshBeforeMs = 300_000 } = this.options;
    const query = new URLSearchParams({ grant_type: 'client_credential', appid: appId, secret: appSecret });
    const body = tokenSchema.parse(await this.request(`${apiBase}/cgi-bin/token?${query}`, { method: 'GET' }));
    if (!body.access_token || !body.expires_in) throw new Error(`WeChat access token fetch failed (errcode ${body.errcode ?? 'none'})`);
    const lifeMs = body.expires_in * 1000;
    const refreshAt = now + Math.max(lifeMs - refreshBeforeMs, lifeMs / 2);
    await this.options.redis.set(this.options.tokenKey, `${body.access_token} ${refreshAt}`, 'PX', lifeMs);
    return body.access_token;
  }

  private async post(message: SubscribeMessage, token: string): Promise<number> {
    const payload = {
      touser: message.openid,
      template_id: message.templateId,
      ...(message.page ? { page: message.page } : {}),
      data: Object.fromEntries(Object.entries(message.data).map(([k, v]) => [k, { value: v }])),
      miniprogram_state: this.options.miniprogramState ?? 'formal',
      lang: 'zh_CN',
    };
    const url = `${this.options.apiBase}/cgi-bin/message/subscribe/send?access_token=${encodeURIComponent(token)}`;
    const body = sendSchema.parse(await this.request(url, { method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify(payload) }));
    return body.errcode ?? 0;
  }

  private async request(url: string, init: RequestInit): Promise<unknown> {
    const response = await fetch(url, { ...init, signal: AbortSignal.timeout(this.options.timeoutMs ?? 5000) });
    if (!response.ok) throw new Error(`WeChat answered HTTP ${response.status}`);
    return response.json();
  }
}

/**
 * DEVELOPMENT AND TEST ONLY: sends nothing to WeChat. Logs the template and a masked openid, keeps
 * the last messages for tests, and answers 43101 for openids listed as unsubscribed.
 */
export class SandboxWechatSubscribeSender implements WechatSubscribeSender {
  readonly sent: SubscribeMessage[] = [];
  readonly unsubscribed = new Set<string>();

  constructor(private readonly logger: Logger) {}

  async send(message: SubscribeMessage): Promise<void> {
    if (this.unsubscribed.has(message.openid)) throw new SubscriptionMissingError(`sandbox: ${message.openid.slice(0, 4)}… holds no subscription`);
    this.sent.push(message);
    if (this.sent.length > 1000) this.sent.shift();
    this.logger.info({ templateId: message.templateId }, `[SANDBOX WECHAT SUBSCRIBE, not sent] to ${message.openid.slice(0, 4)}…`);
  }
}
