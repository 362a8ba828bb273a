import { createCipheriv, randomBytes, randomUUID, sign, type KeyObject } from 'node:crypto';
import type { WechatPayRefundResource, WechatPayTransaction } from './wechatpay.notification';

export interface NotificationSigningKeys {
  platformPrivateKey: KeyObject;
  platformSerial: string;
  apiV3Key: string;
}

export interface SignedNotification {
  headers: Record<string, string>;
  body: Buffer;
}

/**
 * Builds a notification exactly as WeChat Pay sends one: the transaction encrypted with AES-256-GCM
 * under the API v3 key, the envelope signed with RSA-SHA256 by the platform key. Used by the
 * sandbox provider and by tests; production never signs notifications.
 */
export function signNotification(
  transaction: WechatPayTransaction,
  keys: NotificationSigningKeys,
  at: Date = new Date(),
): SignedNotification {
  const eventType = transaction.trade_state === 'SUCCESS' ? 'TRANSACTION.SUCCESS' : `TRANSACTION.${transaction.trade_state}`;
  return signEvent({ eventType, originalType: 'transaction', summary: '支付成功', resource: transaction }, keys, at);
}

const REFUND_SUMMARIES: Record<WechatPayRefundResource['refund_status'], string> = {
  SUCCESS: '退款成功', CLOSED: '退款关闭', ABNORMAL: '退款异常', PROCESSING: '退款处理中',
};

/** A refund result notification (`REFUND.SUCCESS|ABNORMAL|CLOSED`), in the same envelope as a payment's. */
export function signRefundNotification(
  refund: WechatPayRefundResource,
  keys: NotificationSigningKeys,
  at: Date = new Date(),
): SignedNotification {
  return signEvent({ eventType: `REFUND.${refund.refund_status}`, originalType: 'refund', summary: REFUND_SUMMARIES[refund.refund_status], resource: refund }, keys, at);
}

function signEvent(
  event: { eventType: string; originalType: string; summary: string; resource: object },
  keys: NotificationSigningKeys,
  at: Date,
): SignedNotification {
  const resourceNonce = randomBytes(6).toString('hex');
  const associatedData = event.originalType;
  const cipher = createCipheriv('aes-256-gcm', Buffer.from(keys.apiV3Key), Buffer.from(resourceNonce));
  cipher.setAAD(Buffer.from(associatedData));
  const ciphertext = Buffer.concat([cipher.update(JSON.stringify(event.resource)), cipher.final(), cipher.getAuthTag()]);
  const body = Buffer.from(JSON.stringify({
    id: randomUUID(),
    create_time: at.toISOString(),
    resource_type: 'encrypt-resource',
    event_type: event.eventType,
    summary: event.summary,
    resource: { original_type: event.originalType, algorithm: 'AEAD_AES_256_GCM', ciphertext: ciphertext.toString('base64'), associated_data: associatedData, nonce: resourceNonce },
  }));
  const timestamp = String(Math.floor(at.getTime() / 1000));
  const nonce = randomBytes(16).toString('hex');
  const message = Buffer.concat([Buffer.from(`${timestamp}\n${nonce}\n`), body, Buffer.from('\n')]);
  return {
    headers: {
      'content-type': 'application/json',
      'wechatpay-timestamp': timestamp,
      'wechatpay-nonce': nonce,
      'wechatpay-serial': keys.platformSerial,
      'wechatpay-signature-type': 'WECHATPAY2-SHA256-RSA2048',
      'wechatpay-signature': sign('RSA-SHA256', message, keys.platformPrivateKey).toString('base64'),
    },
    body,
  };
}
