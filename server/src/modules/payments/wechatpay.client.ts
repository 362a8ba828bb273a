import type { KeyObject } from 'node:crypto';
import { AppError } from '../../platform/errors';
import { jsapiPrepayBody, merchantAuthorization, type MerchantSigningKey } from './wechatpay.jsapi';
import { checkPlatformSignature, type NotificationHeaders } from './wechatpay.notification';

export interface WechatPayClientOptions {
  /** `https://api.mch.weixin.qq.com` in production; a loopback server in tests. */
  baseUrl: string;
  merchant: MerchantSigningKey;
  /** WeChat Pay's platform key: every 2xx answer must carry its signature. */
  platformPublicKey: KeyObject;
  platformSerial: string;
  /** Answers whose signed timestamp is further than this from now are refused, seconds. */
  windowSeconds: number;
  /** Per request, ms. Default 10 000. */
  timeoutMs?: number;
  now?: () => Date;
}

/** A refusal or failure of the WeChat Pay API: HTTP status and WeChat's error `code` (e.g. `PARAM_ERROR`), never retried blindly. */
export class WechatPayApiError extends AppError {
  constructor(readonly httpStatus: number, readonly wechatCode: string, message: string) {
    super('PAYMENT_PROVIDER_FAILED', `WeChat Pay ${httpStatus} ${wechatCode}: ${message}`);
  }
}

export interface JsapiPrepayInput {
  appId: string;
  donationId: string;
  description: string;
  /** Fen. */
  amountFen: number;
  payerOpenId: string;
  notifyUrl: string;
}

export interface RefundInput {
  /** Our order number (the donation id). */
  outTradeNo: string;
  /** Our refund number: WeChat refunds once per number, so a retry is safe. */
  outRefundNo: string;
  reason: string;
  /** Fen refunded now, and the order's total in fen. */
  refundFen: number;
  totalFen: number;
  /** Where WeChat Pay sends the refund result notification; absent: the address set in the merchant platform. */
  notifyUrl?: string;
}

export type RefundStatus = 'SUCCESS' | 'PROCESSING' | 'CLOSED' | 'ABNORMAL';

/** A refund as WeChat Pay answers for it (the refund call and the refund query share the shape). */
export interface RefundAnswer {
  refundId: string;
  outRefundNo: string;
  status: RefundStatus;
  /** Fen refunded, as WeChat Pay reports it. */
  refundFen: number;
  successTime?: string;
}

const REFUND_STATES: readonly string[] = ['SUCCESS', 'PROCESSING', 'CLOSED', 'ABNORMAL'];

interface RawRefundAnswer { refund_id?: unknown; out_refund_no?: unknown; status?: unknown; success_time?: unknown; amount?: { refund?: unknown } }

function refundAnswerOf(answer: RawRefundAnswer, outRefundNo: string): RefundAnswer {
  if (typeof answer.refund_id !== 'string' || typeof answer.status !== 'string' || !REFUND_STATES.includes(answer.status)) {
    throw new WechatPayApiError(502, 'MALFORMED_ANSWER', 'refund answer without refund_id or a known status');
  }
  if (typeof answer.out_refund_no === 'string' && answer.out_refund_no !== outRefundNo) {
    throw new WechatPayApiError(502, 'MALFORMED_ANSWER', 'refund answer for another refund');
  }
  const refundFen = answer.amount?.refund;
  return {
    refundId: answer.refund_id, outRefundNo, status: answer.status as RefundStatus,
    refundFen: typeof refundFen === 'number' && Number.isInteger(refundFen) ? refundFen : -1,
    ...(typeof answer.success_time === 'string' ? { successTime: answer.success_time } : {}),
  };
}

/**
 * The WeChat Pay API v3 over HTTPS: each request signed with the merchant API key
 * (`Authorization: WECHATPAY2-SHA256-RSA2048 …` over `METHOD\nPATH?QUERY\ntimestamp\nnonce\nbody\n`),
 * each successful answer verified against the platform key before its body is read.
 */
export class WechatPayClient {
  private readonly now: () => Date;

  constructor(private readonly options: WechatPayClientOptions) {
    this.now = options.now ?? (() => new Date());
  }

  /** `POST /v3/pay/transactions/jsapi`: the prepay id for `wx.requestPayment`. WeChat answers the same order with the same id. */
  async prepayJsapi(input: JsapiPrepayInput): Promise<string> {
    const answer = await this.call<{ prepay_id?: unknown }>('POST', '/v3/pay/transactions/jsapi', jsapiPrepayBody({ ...input, mchId: this.options.merchant.mchId }));
    if (typeof answer.prepay_id !== 'string' || answer.prepay_id === '') throw new WechatPayApiError(502, 'NO_PREPAY_ID', 'answer without prepay_id');
    return answer.prepay_id;
  }

  /** `POST /v3/refund/domestic/refunds`: refunds part or all of a paid order. */
  async refund(input: RefundInput): Promise<RefundAnswer> {
    const answer = await this.call<RawRefundAnswer>('POST', '/v3/refund/domestic/refunds', JSON.stringify({
      out_trade_no: input.outTradeNo,
      out_refund_no: input.outRefundNo,
      reason: input.reason,
      ...(input.notifyUrl ? { notify_url: input.notifyUrl } : {}),
      amount: { refund: input.refundFen, total: input.totalFen, currency: 'CNY' },
    }));
    return refundAnswerOf(answer, input.outRefundNo);
  }

  /**
   * `GET /v3/refund/domestic/refunds/{out_refund_no}`: where a refund stands, for refunds whose result
   * notification has not come (WeChat Pay suggests asking a minute after the refund at the earliest).
   */
  async queryRefund(outRefundNo: string): Promise<RefundAnswer> {
    if (!/^[0-9A-Za-z_\-|*@]{1,64}$/.test(outRefundNo)) throw new WechatPayApiError(400, 'PARAM_ERROR', 'out_refund_no has characters WeChat Pay refuses');
    return refundAnswerOf(await this.call<RawRefundAnswer>('GET', `/v3/refund/domestic/refunds/${outRefundNo}`), outRefundNo);
  }

  /** `body` is the exact JSON text sent: the signature covers these bytes. */
  private async call<T>(method: 'GET' | 'POST', path: string, body?: string): Promise<T> {
    const url = new URL(path, this.options.baseUrl);
    const text = body ?? '';
    const authorization = merchantAuthorization(method, `${url.pathname}${url.search}`, text, this.options.merchant, this.now());
    const response = await fetch(url, {
      method,
      headers: { authorization, accept: 'application/json', 'user-agent': 'tongxin-wechatpay/1', ...(body ? { 'content-type': 'application/json' } : {}) },
      ...(body ? { body: text } : {}),
      signal: AbortSignal.timeout(this.options.timeoutMs ?? 10_000),
    }).catch((err: unknown) => {
      throw new WechatPayApiError(503, 'UNREACHABLE', err instanceof Error ? err.message : String(err));
    });
    const raw = Buffer.from(await response.arrayBuffer());
    if (!response.ok) {
      const error = parseJson(raw) as { code?: unknown; message?: unknown } | null;
      throw new WechatPayApiError(response.status, typeof error?.code === 'string' ? error.code : 'HTTP_ERROR', typeof error?.message === 'string' ? error.message : '');
    }
    const headers: NotificationHeaders = Object.fromEntries(response.headers.entries());
    try {
      checkPlatformSignature(headers, raw, this.options, this.now());
    } catch (error) {
      throw new WechatPayApiError(502, 'SIGNATURE_INVALID', error instanceof Error ? error.message : 'bad signature');
    }
    const parsed = raw.length === 0 ? {} : parseJson(raw);
    if (parsed === null || typeof parsed !== 'object') throw new WechatPayApiError(502, 'MALFORMED_ANSWER', 'answer is not a JSON object');
    return parsed as T;
  }
}

function parseJson(bytes: Buffer): unknown {
  try {
    return JSON.parse(bytes.toString('utf8'));
  } catch {
    return null;
  }
}
