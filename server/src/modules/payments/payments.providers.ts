import { createPublicKey, generateKeyPairSync, type KeyObject } from 'node:crypto';
import type { PaymentParams } from '@tongxin/shared';
import type { Config } from '../../config/config';
import type { PaymentStarter } from '../donations';
import { AppError } from '../../platform/errors';
import type { NotificationSigningKeys } from './wechatpay.signer';

/** Development: the client "pays" by calling the sandbox cashier, which signs a real notification. */
export class SandboxPaymentStarter implements PaymentStarter {
  async start(donation: { id: string }): Promise<PaymentParams> {
    return { provider: 'sandbox', payPath: `/api/v1/payments/sandbox/${donation.id}/pay` };
  }
}

/**
 * The signing for WeChat Pay JSAPI is built and tested offline (wechatpay.jsapi.ts: the prepay
 * request's Authorization header and `paySign` for wx.requestPayment); the prepay HTTP call itself
 * (merchant key configuration, the donor's openid) is not wired yet, so the real provider says so.
 */
export class UnavailableWechatPayStarter implements PaymentStarter {
  async start(): Promise<PaymentParams> {
    throw new AppError('SERVICE_UNAVAILABLE', '微信支付下单尚未接入');
  }
}

export function paymentStarterOf(config: Config): PaymentStarter {
  return config.PAYMENT_PROVIDER === 'sandbox' ? new SandboxPaymentStarter() : new UnavailableWechatPayStarter();
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
