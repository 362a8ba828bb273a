import { generateKeyPairSync, type KeyObject } from 'node:crypto';
import type { Config } from '../../server/src/config/config';
import type { WechatPayTransaction } from '../../server/src/modules/payments/wechatpay.notification';

/** A merchant API key made once per test file: the real provider needs one to sign its API requests. */
const merchant = generateKeyPairSync('rsa', { modulusLength: 2048 });

/**
 * Configuration of the real WeChat Pay provider for tests: the platform key the test signs
 * notifications with, a merchant key made here, and an API base nobody listens on (tests that
 * exercise the API calls start their own loopback WeChat Pay).
 */
export function wechatPayConfig(platformPublicKey: KeyObject, platformSerial: string, apiBase = 'http://127.0.0.1:9') {
  return {
    PAYMENT_PROVIDER: 'wechat' as const,
    WECHATPAY_PLATFORM_PUBLIC_KEY: platformPublicKey.export({ type: 'spki', format: 'pem' }).toString(),
    WECHATPAY_PLATFORM_SERIAL: platformSerial,
    WECHATPAY_MERCHANT_PRIVATE_KEY: merchant.privateKey.export({ type: 'pkcs8', format: 'pem' }).toString(),
    WECHATPAY_MERCHANT_SERIAL: 'TEST-MERCHANT-SERIAL-0001',
    WECHATPAY_NOTIFY_URL: 'https://tongxin.example.cn/api/v1/payments/wechat/notify',
    WECHATPAY_API_BASE: apiBase,
  };
}

/** The transaction of a successful WeChat Pay payment of a donation, as a notification carries it. */
export function paidTransaction(
  merchant: Pick<Config, 'WECHAT_APP_ID' | 'WECHATPAY_MCH_ID'>, donationId: string, amountFen: number, overrides: Partial<WechatPayTransaction> = {},
): WechatPayTransaction {
  return {
    appid: merchant.WECHAT_APP_ID, mchid: merchant.WECHATPAY_MCH_ID, out_trade_no: donationId,
    transaction_id: `42000${donationId}`, trade_state: 'SUCCESS', success_time: new Date().toISOString(),
    amount: { total: amountFen, payer_total: amountFen, currency: 'CNY' },
    ...overrides,
  };
}
