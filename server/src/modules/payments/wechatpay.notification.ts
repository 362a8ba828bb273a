import { createDecipheriv, verify as verifySignature, type KeyObject } from 'node:crypto';
import { z } from '@tongxin/shared';
import { AppError } from '../../platform/errors';

/** The decrypted `resource` of a WeChat Pay API v3 payment notification (the fields we use). */
const transactionSchema = z.object({
  appid: z.string(),
  mchid: z.string(),
  out_trade_no: z.string(),
  transaction_id: z.string().min(1).max(64),
  trade_state: z.string(),
  success_time: z.string().optional(),
  amount: z.object({ total: z.number().int(), currency: z.string(), payer_total: z.number().int().optional() }),
});

export type WechatPayTransaction = z.infer<typeof transactionSchema>;

/**
 * The decrypted `resource` of a refund result notification (`REFUND.SUCCESS`, `REFUND.ABNORMAL`,
 * `REFUND.CLOSED`; `original_type` "refund"). Unlike a payment's it carries no `appid`, and its state
 * is `refund_status` (the refund query API calls the same field `status`). Amounts in fen.
 */
const refundResourceSchema = z.object({
  mchid: z.string(),
  out_trade_no: z.string(),
  transaction_id: z.string().optional(),
  out_refund_no: z.string().min(1).max(64),
  refund_id: z.string().min(1).max(64),
  refund_status: z.enum(['SUCCESS', 'CLOSED', 'ABNORMAL', 'PROCESSING']),
  success_time: z.string().optional(),
  user_received_account: z.string().optional(),
  amount: z.object({ total: z.number().int(), refund: z.number().int(), payer_total: z.number().int().optional(), payer_refund: z.number().int().optional() }),
});

export type WechatPayRefundResource = z.infer<typeof refundResourceSchema>;

/** A verified notification: a payment's transaction, or a refund's result. */
export type WechatPayEvent =
  | { kind: 'transaction'; eventId: string; eventType: string; transaction: WechatPayTransaction }
  | { kind: 'refund'; eventId: string; eventType: string; refund: WechatPayRefundResource };

const envelopeSchema = z.object({
  id: z.string(),
  event_type: z.string(),
  resource_type: z.string().optional(),
  resource: z.object({
    algorithm: z.literal('AEAD_AES_256_GCM'),
    ciphertext: z.string().min(1),
    nonce: z.string().min(1),
    associated_data: z.string().optional(),
    original_type: z.string().optional(),
  }),
});

/** What a notification means for a donation. */
export type TradeOutcome = 'paid' | 'pending' | 'failed' | 'refunded';

const TRADE_STATES: Record<string, TradeOutcome> = {
  SUCCESS: 'paid',
  NOTPAY: 'pending',
  USERPAYING: 'pending',
  ACCEPT: 'pending',
  CLOSED: 'failed',
  REVOKED: 'failed',
  PAYERROR: 'failed',
  REFUND: 'refunded',
};

export function tradeOutcomeOf(tradeState: string): TradeOutcome | null {
  return TRADE_STATES[tradeState] ?? null;
}

export interface WechatPayVerifierOptions {
  /** The platform public key that signs notifications. */
  platformPublicKey: KeyObject;
  /** Its serial (or public-key id), matched against `Wechatpay-Serial`. */
  platformSerial: string;
  /** The merchant's API v3 key, 32 bytes. */
  apiV3Key: string;
  mchId: string;
  appId: string;
  /** Allowed distance between the notification's timestamp and now, seconds. */
  windowSeconds: number;
  now?: () => Date;
}

/** Notification headers, lower-cased as Node delivers them. */
export type NotificationHeaders = Record<string, string | string[] | undefined>;

const GCM_TAG_BYTES = 16;

function rejected(reason: string): AppError {
  return new AppError('PAYMENT_NOTIFICATION_INVALID', reason);
}

function header(headers: NotificationHeaders, name: string): string {
  const value = headers[name];
  if (typeof value !== 'string' || value.length === 0) throw rejected(`missing ${name}`);
  return value;
}

/**
 * WeChat Pay's signature on what it sends (notifications and API responses alike): the serial names
 * the configured platform key, the timestamp is within the window, and RSA-SHA256 over
 * `timestamp\nnonce\nbody\n` verifies with the platform public key. Throws PAYMENT_NOTIFICATION_INVALID.
 */
export function checkPlatformSignature(
  headers: NotificationHeaders,
  rawBody: Buffer,
  key: Pick<WechatPayVerifierOptions, 'platformPublicKey' | 'platformSerial' | 'windowSeconds'>,
  now: Date,
): void {
  const timestamp = header(headers, 'wechatpay-timestamp');
  const nonce = header(headers, 'wechatpay-nonce');
  const signature = header(headers, 'wechatpay-signature');
  const serial = header(headers, 'wechatpay-serial');
  const signatureType = headers['wechatpay-signature-type'];
  if (signatureType !== undefined && signatureType !== 'WECHATPAY2-SHA256-RSA2048') throw rejected('unsupported signature type');
  if (serial !== key.platformSerial) throw rejected('unknown platform key serial');
  if (!/^\d{1,12}$/.test(timestamp) || Math.abs(now.getTime() / 1000 - Number(timestamp)) > key.windowSeconds) {
    throw rejected('timestamp outside the window');
  }
  const message = Buffer.concat([Buffer.from(`${timestamp}\n${nonce}\n`), rawBody, Buffer.from('\n')]);
  if (!verifySignature('RSA-SHA256', message, key.platformPublicKey, Buffer.from(signature, 'base64'))) {
    throw rejected('bad signature');
  }
}

/**
 * Verifies and opens WeChat Pay API v3 notifications: the serial names the configured platform key,
 * the timestamp is within the window, the RSA-SHA256 signature covers `timestamp\nnonce\nbody\n`,
 * and the AES-256-GCM resource decrypts and authenticates with the API v3 key. Nothing about the
 * body is trusted before the signature is checked.
 */
export class WechatPayNotificationVerifier {
  private readonly now: () => Date;

  constructor(private readonly options: WechatPayVerifierOptions) {
    if (Buffer.byteLength(options.apiV3Key) !== 32) throw new Error('the WeChat Pay API v3 key must be 32 bytes');
    this.now = options.now ?? (() => new Date());
  }

  /** A payment notification (`TRANSACTION.*`); anything else is refused as malformed. */
  verify(headers: NotificationHeaders, rawBody: Buffer): { eventId: string; eventType: string; transaction: WechatPayTransaction } {
    const event = this.verifyEvent(headers, rawBody);
    if (event.kind !== 'transaction') throw rejected('malformed transaction');
    return event;
  }

  /**
   * Any notification: the signature first, then the envelope, then the resource by its event type
   * (`REFUND.*` is a refund result, everything else a transaction), each for this merchant only.
   */
  verifyEvent(headers: NotificationHeaders, rawBody: Buffer): WechatPayEvent {
    checkPlatformSignature(headers, rawBody, this.options, this.now());
    const envelope = envelopeSchema.safeParse(parseJson(rawBody));
    if (!envelope.success) throw rejected('malformed notification');
    const { id: eventId, event_type: eventType } = envelope.data;
    const resource = parseJson(this.decrypt(envelope.data.resource));
    if (eventType.startsWith('REFUND.')) {
      const refund = refundResourceSchema.safeParse(resource);
      if (!refund.success) throw rejected('malformed refund');
      if (refund.data.mchid !== this.options.mchId) throw rejected('notification for another merchant');
      return { kind: 'refund', eventId, eventType, refund: refund.data };
    }
    const transaction = transactionSchema.safeParse(resource);
    if (!transaction.success) throw rejected('malformed transaction');
    if (transaction.data.mchid !== this.options.mchId || transaction.data.appid !== this.options.appId) {
      throw rejected('notification for another merchant or app');
    }
    return { kind: 'transaction', eventId, eventType, transaction: transaction.data };
  }

  private decrypt(resource: { ciphertext: string; nonce: string; associated_data?: string | undefined }): Buffer {
    const data = Buffer.from(resource.ciphertext, 'base64');
    if (data.length <= GCM_TAG_BYTES) throw rejected('ciphertext too short');
    try {
      const decipher = createDecipheriv('aes-256-gcm', Buffer.from(this.options.apiV3Key), Buffer.from(resource.nonce));
      decipher.setAuthTag(data.subarray(data.length - GCM_TAG_BYTES));
      decipher.setAAD(Buffer.from(resource.associated_data ?? ''));
      return Buffer.concat([decipher.update(data.subarray(0, data.length - GCM_TAG_BYTES)), decipher.final()]);
    } catch {
      throw rejected('resource does not decrypt');
    }
  }
}

function parseJson(bytes: Buffer): unknown {
  try {
    return JSON.parse(bytes.toString('utf8'));
  } catch {
    throw rejected('not JSON');
  }
}
