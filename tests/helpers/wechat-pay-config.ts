import { generateKeyPairSync, type KeyObject } from 'node:crypto';

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
