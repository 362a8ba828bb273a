import { generateKeyPairSync, sign } from 'node:crypto';
import {
  WechatPayNotificationVerifier, tradeOutcomeOf, type WechatPayTransaction,
} from '../../../server/src/modules/payments/wechatpay.notification';
import { signNotification, signRefundNotification } from '../../../server/src/modules/payments/wechatpay.signer';
import type { WechatPayRefundResource } from '../../../server/src/modules/payments/wechatpay.notification';

const platform = generateKeyPairSync('rsa', { modulusLength: 2048 });
const impostor = generateKeyPairSync('rsa', { modulusLength: 2048 });
const API_V3_KEY = 'abcdefghijklmnopqrstuvwxyz012345';
const SERIAL = 'PUB_KEY_ID_0114232134912410000000000000';
const NOW = new Date('2026-11-11T04:00:00Z');

const verifier = new WechatPayNotificationVerifier({
  platformPublicKey: platform.publicKey, platformSerial: SERIAL, apiV3Key: API_V3_KEY,
  mchId: '1900000001', appId: 'wx-test-app', windowSeconds: 300, now: () => NOW,
});

const transaction: WechatPayTransaction = {
  appid: 'wx-test-app', mchid: '1900000001', out_trade_no: '0123456789abcdef01234567', transaction_id: '4200000000202611110000000001',
  trade_state: 'SUCCESS', success_time: '2026-11-11T12:00:00+08:00', amount: { total: 1000, payer_total: 1000, currency: 'CNY' },
};

const keys = { platformPrivateKey: platform.privateKey, platformSerial: SERIAL, apiV3Key: API_V3_KEY };
const signed = (tx = transaction, at = NOW, k = keys) => signNotification(tx, k, at);

describe('WechatPayNotificationVerifier', () => {
  it('when a notification is signed by the platform key and encrypted with the API v3 key, then it opens to the transaction', () => {
    const { headers, body } = signed();
    expect(verifier.verify(headers, body)).toMatchObject({ eventType: 'TRANSACTION.SUCCESS', transaction });
  });

  it('when the signature is made by another key, then it is refused', () => {
    const { headers, body } = signed(transaction, NOW, { ...keys, platformPrivateKey: impostor.privateKey });
    expect(() => verifier.verify(headers, body)).toThrow(expect.objectContaining({ code: 'PAYMENT_NOTIFICATION_INVALID', detail: 'bad signature' }));
  });

  it('when one byte of the body changes after signing, then the signature no longer holds', () => {
    const { headers, body } = signed();
    const tampered = Buffer.from(body.toString().replace('"summary":"支付成功"', '"summary":"支付失败"'));
    expect(() => verifier.verify(headers, tampered)).toThrow(expect.objectContaining({ detail: 'bad signature' }));
  });

  it('when the timestamp is more than 5 minutes away (either way), then it is refused', () => {
    for (const offset of [-301_000, 301_000]) {
      const { headers, body } = signed(transaction, new Date(NOW.getTime() + offset));
      expect(() => verifier.verify(headers, body)).toThrow(expect.objectContaining({ detail: 'timestamp outside the window' }));
    }
    const { headers, body } = signed(transaction, new Date(NOW.getTime() - 299_000));
    expect(verifier.verify(headers, body).transaction.out_trade_no).toBe(transaction.out_trade_no);
  });

  it('when the serial names another key, or a header is missing, then it is refused', () => {
    const { headers, body } = signed();
    expect(() => verifier.verify({ ...headers, 'wechatpay-serial': 'OTHER' }, body)).toThrow(expect.objectContaining({ detail: 'unknown platform key serial' }));
    const { 'wechatpay-nonce': _nonce, ...withoutNonce } = headers;
    expect(() => verifier.verify(withoutNonce, body)).toThrow(expect.objectContaining({ detail: 'missing wechatpay-nonce' }));
  });

  it('when the ciphertext is tampered with (and re-signed), then GCM authentication refuses it', () => {
    const { body } = signed();
    const envelope = JSON.parse(body.toString());
    const bytes = Buffer.from(envelope.resource.ciphertext, 'base64');
    bytes[3] = (bytes[3] ?? 0) ^ 0x01;
    envelope.resource.ciphertext = bytes.toString('base64');
    const { headers: reHeaders, body: reBody } = resign(JSON.stringify(envelope));
    expect(() => verifier.verify(reHeaders, reBody)).toThrow(expect.objectContaining({ detail: 'resource does not decrypt' }));
  });

  it('when the associated data is changed (and re-signed), then decryption fails', () => {
    const envelope = JSON.parse(signed().body.toString());
    envelope.resource.associated_data = 'refund';
    const { headers, body } = resign(JSON.stringify(envelope));
    expect(() => verifier.verify(headers, body)).toThrow(expect.objectContaining({ detail: 'resource does not decrypt' }));
  });

  it('when the transaction belongs to another merchant, then it is refused', () => {
    const { headers, body } = signed({ ...transaction, mchid: '1900000002' });
    expect(() => verifier.verify(headers, body)).toThrow(expect.objectContaining({ detail: 'notification for another merchant or app' }));
  });
});

describe('refund result notifications', () => {
  // The shape of WeChat Pay's decrypted REFUND.* resource: no appid, the state in `refund_status`.
  const refund: WechatPayRefundResource = {
    mchid: '1900000001', out_trade_no: '0123456789abcdef01234567', transaction_id: '4200000000202611110000000001',
    out_refund_no: '0123456789abcdef01234567_refund_1', refund_id: '50000000382019052709732678859', refund_status: 'SUCCESS',
    success_time: '2026-11-11T12:30:00+08:00', user_received_account: '支付用户零钱', amount: { total: 1000, refund: 400, payer_total: 1000, payer_refund: 400 },
  };

  it('when a REFUND.SUCCESS is signed and encrypted like a payment notification, then it opens to the refund', () => {
    const { headers, body } = signRefundNotification(refund, keys, NOW);
    expect(JSON.parse(body.toString())).toMatchObject({ event_type: 'REFUND.SUCCESS', resource: { original_type: 'refund', algorithm: 'AEAD_AES_256_GCM' } });
    expect(verifier.verifyEvent(headers, body)).toMatchObject({ kind: 'refund', eventType: 'REFUND.SUCCESS', refund });
    const closed = signRefundNotification({ ...refund, refund_status: 'CLOSED' }, keys, NOW);
    expect(verifier.verifyEvent(closed.headers, closed.body)).toMatchObject({ kind: 'refund', eventType: 'REFUND.CLOSED', refund: { refund_status: 'CLOSED' } });
  });

  it('when a refund result is offered as a payment, for another merchant, or with an unknown state, then it is refused', () => {
    const signedRefund = signRefundNotification(refund, keys, NOW);
    expect(() => verifier.verify(signedRefund.headers, signedRefund.body)).toThrow(expect.objectContaining({ detail: 'malformed transaction' }));
    const other = signRefundNotification({ ...refund, mchid: '1900000002' }, keys, NOW);
    expect(() => verifier.verifyEvent(other.headers, other.body)).toThrow(expect.objectContaining({ detail: 'notification for another merchant' }));
    const odd = signRefundNotification({ ...refund, refund_status: 'REVERSED' as never }, keys, NOW);
    expect(() => verifier.verifyEvent(odd.headers, odd.body)).toThrow(expect.objectContaining({ detail: 'malformed refund' }));
  });
});

describe('tradeOutcomeOf', () => {
  it('when WeChat reports a trade state, then it maps to paid, pending, failed or refunded', () => {
    expect(tradeOutcomeOf('SUCCESS')).toBe('paid');
    expect(tradeOutcomeOf('USERPAYING')).toBe('pending');
    expect(tradeOutcomeOf('NOTPAY')).toBe('pending');
    expect(tradeOutcomeOf('CLOSED')).toBe('failed');
    expect(tradeOutcomeOf('PAYERROR')).toBe('failed');
    expect(tradeOutcomeOf('REFUND')).toBe('refunded');
    expect(tradeOutcomeOf('SOMETHING_NEW')).toBeNull();
  });
});

/** Signs an arbitrary body with the genuine platform key, as an attacker holding it could not. */
function resign(json: string) {
  const body = Buffer.from(json);
  const timestamp = String(Math.floor(NOW.getTime() / 1000));
  const nonce = 'n0nce';
  const signature = sign('RSA-SHA256', Buffer.from(`${timestamp}\n${nonce}\n${json}\n`), platform.privateKey).toString('base64');
  return { headers: { 'wechatpay-timestamp': timestamp, 'wechatpay-nonce': nonce, 'wechatpay-serial': SERIAL, 'wechatpay-signature': signature }, body };
}
