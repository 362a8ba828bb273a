import { createPrivateKey, createPublicKey, generateKeyPairSync, type KeyObject } from 'node:crypto';
import type { PaymentParams } from '@tongxin/shared';
import type { Config } from '../../config/config';
import { RefundRefusedError, type PaymentRefunder, type PaymentStarter, type ProviderRefundResult, type RefundOrder } from '../donations';
import { AppError } from '../../platform/errors';
import { WechatPayApiError, WechatPayClient, type RefundAnswer } from './wechatpay.client';
import { jsapiPayParams, type MerchantSigningKey } from './wechatpay.jsapi';
import type { NotificationSigningKeys } from './wechatpay.signer';

/** Development: the client "pays" by calling the sandbox cashier, which signs a real notification. */
export class SandboxPaymentStarter implements PaymentStarter {
  async start(donation: { id: string }): Promise<PaymentParams> {
    return { provider: 'sandbox', payPath: `/api/v1/payments/sandbox/${donation.id}/pay` };
  }
}

/** `<donationId>:refund:<n>` ↔ `<donationId>_refund_<n>`: WeChat Pay allows no ':' in `out_refund_no`. */
export function outRefundNoOf(refundId: string): string {
  return refundId.replaceAll(':', '_');
}

export function refundIdOf(outRefundNo: string): string {
  return outRefundNo.replaceAll('_', ':');
}

/** Delivers a refund result the way WeChat Pay would: signed and encrypted, through the notification path. */
export type SandboxRefundNotifier = (order: RefundOrder, result: ProviderRefundResult) => Promise<unknown>;

/**
 * Development: the sandbox took no money, so every refund succeeds; like WeChat Pay it answers
 * `PROCESSING` and reports the result in a signed `REFUND.SUCCESS` notification (wired by the payments
 * module), delivered before the answer. A notification that fails is left to the poll, which the
 * sandbox answers `SUCCESS`.
 */
export class SandboxRefunder implements PaymentRefunder {
  /** Set by the payments module; null: notifications are "lost" and only polls settle refunds. */
  notify: SandboxRefundNotifier | null = null;

  constructor(private readonly onNotifyFailed: (err: unknown, refundId: string) => void = () => {}, private readonly now: () => Date = () => new Date()) {}

  async refund(order: RefundOrder): Promise<ProviderRefundResult> {
    const result = this.resultOf(order);
    if (this.notify) await this.notify(order, result).catch((err: unknown) => this.onNotifyFailed(err, order.refundId));
    return { ...result, status: 'PROCESSING' };
  }

  async query(order: RefundOrder): Promise<ProviderRefundResult> {
    return this.resultOf(order);
  }

  private resultOf(order: RefundOrder): ProviderRefundResult {
    return {
      refundId: order.refundId, donationId: order.donationId, status: 'SUCCESS', amountFen: order.amountFen,
      providerRefundId: `SANDBOX${outRefundNoOf(order.refundId)}`, succeededAt: this.now(),
    };
  }
}

/** Finds the donor's WeChat openid (the users module, through runtime.ts). */
export type OpenIdLookup = (userId: string) => Promise<string | null>;

/**
 * WeChat Pay JSAPI: a prepay order per pending donation (`out_trade_no` = the donation id; WeChat
 * answers a repeated order with the same prepay id), then the `wx.requestPayment` parameters signed
 * with the merchant key. Only donors signed in through the mini-program have an openid.
 */
export class WechatPayStarter implements PaymentStarter {
  constructor(
    private readonly client: WechatPayClient,
    private readonly openIdOf: OpenIdLookup,
    private readonly merchant: MerchantSigningKey,
    private readonly app: { appId: string; notifyUrl: string },
  ) {}

  async start(donation: { id: string; userId: string; amountFen: number; description: string }): Promise<PaymentParams> {
    const openId = await this.openIdOf(donation.userId);
    if (!openId) throw new AppError('PAYMENT_OPENID_MISSING');
    const prepayId = await this.client.prepayJsapi({
      appId: this.app.appId, donationId: donation.id, description: donation.description, amountFen: donation.amountFen,
      payerOpenId: openId, notifyUrl: this.app.notifyUrl,
    });
    return { provider: 'wechat', ...jsapiPayParams(this.app.appId, prepayId, this.merchant) };
  }
}

/** WeChat Pay's refusals that mean "not refunded, and asking again will not change that" (4XX but rate limits). */
function refusedOutright(error: unknown): error is WechatPayApiError {
  return error instanceof WechatPayApiError && error.httpStatus >= 400 && error.httpStatus < 500 && error.httpStatus !== 429
    && !['SYSTEM_ERROR', 'FREQUENCY_LIMITED', 'SIGN_ERROR'].includes(error.wechatCode);
}

/**
 * WeChat Pay refunds; `out_refund_no` is the refund's id, so a retried refund is refunded once by
 * WeChat. Results come by notification to `notifyUrl` and, for the lost ones, by the query API.
 */
export class WechatPayRefunder implements PaymentRefunder {
  constructor(private readonly client: WechatPayClient, private readonly notifyUrl?: string) {}

  async refund(order: RefundOrder): Promise<ProviderRefundResult> {
    try {
      return resultOf(order, await this.client.refund({
        outTradeNo: order.donationId, outRefundNo: outRefundNoOf(order.refundId), reason: order.reason,
        refundFen: order.amountFen, totalFen: order.totalFen, ...(this.notifyUrl ? { notifyUrl: this.notifyUrl } : {}),
      }));
    } catch (error) {
      if (refusedOutright(error)) throw new RefundRefusedError(error.wechatCode, error.message);
      throw error;
    }
  }

  async query(order: RefundOrder): Promise<ProviderRefundResult> {
    try {
      return resultOf(order, await this.client.queryRefund(outRefundNoOf(order.refundId)));
    } catch (error) {
      if (error instanceof WechatPayApiError && error.httpStatus === 404) return { refundId: order.refundId, donationId: order.donationId, status: 'UNKNOWN', amountFen: order.amountFen };
      throw error;
    }
  }
}

function resultOf(order: RefundOrder, answer: RefundAnswer): ProviderRefundResult {
  const succeededAt = answer.successTime ? new Date(answer.successTime) : undefined;
  return {
    refundId: order.refundId, donationId: order.donationId, status: answer.status,
    // An answer without amounts (signed, and about the refund we named) speaks for the amount asked.
    amountFen: answer.refundFen < 0 ? order.amountFen : answer.refundFen,
    providerRefundId: answer.refundId,
    ...(succeededAt && !Number.isNaN(succeededAt.getTime()) ? { succeededAt } : {}),
  };
}

/** The configured provider: the sandbox, or WeChat Pay's API at WECHATPAY_API_BASE. */
export function paymentProvidersOf(config: Config, openIdOf: OpenIdLookup): { starter: PaymentStarter; refunder: PaymentRefunder } {
  if (config.PAYMENT_PROVIDER === 'sandbox') return { starter: new SandboxPaymentStarter(), refunder: new SandboxRefunder() };
  const merchant: MerchantSigningKey = {
    mchId: config.WECHATPAY_MCH_ID,
    privateKey: createPrivateKey(config.WECHATPAY_MERCHANT_PRIVATE_KEY.replaceAll('\\n', '\n')),
    serialNo: config.WECHATPAY_MERCHANT_SERIAL,
  };
  const keys = platformKeysOf(config);
  const client = new WechatPayClient({
    baseUrl: config.WECHATPAY_API_BASE, merchant, platformPublicKey: keys.publicKey, platformSerial: keys.serial,
    windowSeconds: config.WECHATPAY_NOTIFY_WINDOW_SECONDS,
  });
  return {
    starter: new WechatPayStarter(client, openIdOf, merchant, { appId: config.WECHAT_APP_ID, notifyUrl: config.WECHATPAY_NOTIFY_URL }),
    refunder: new WechatPayRefunder(client, config.WECHATPAY_NOTIFY_URL),
  };
}

/** Serial the sandbox signs with; no real WeChat Pay key ever carries it. */
export const SANDBOX_PLATFORM_SERIAL = 'SANDBOX-PLATFORM-KEY-NOT-WECHAT';

export interface PlatformKeys {
  publicKey: KeyObject;
  serial: string;
  /** Only in the sandbox, which signs its own notifications. */
  signing: NotificationSigningKeys | null;
}

/** The key notifications are verified with: WeChat's platform key, or a fresh sandbox pair per process. */
export function platformKeysOf(config: Config): PlatformKeys {
  if (config.PAYMENT_PROVIDER === 'wechat') {
    const pem = config.WECHATPAY_PLATFORM_PUBLIC_KEY.replaceAll('\\n', '\n');
    return { publicKey: createPublicKey(pem), serial: config.WECHATPAY_PLATFORM_SERIAL, signing: null };
  }
  // RSA-1024 rather than WeChat's 2048: the sandbox signs every payment in-process, and a 2048-bit
  // signature costs ~5x the CPU (measured here: 0.7 ms against 4.9 ms under load). The verifier takes
  // whatever key it is configured with; production verifies WeChat's own 2048-bit platform key.
  const { publicKey, privateKey } = generateKeyPairSync('rsa', { modulusLength: 1024 });
  return {
    publicKey,
    serial: SANDBOX_PLATFORM_SERIAL,
    signing: { platformPrivateKey: privateKey, platformSerial: SANDBOX_PLATFORM_SERIAL, apiV3Key: config.WECHATPAY_API_V3_KEY },
  };
}
