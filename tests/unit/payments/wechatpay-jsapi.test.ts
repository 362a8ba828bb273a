import { generateKeyPairSync, verify } from 'node:crypto';
import { jsapiPayParams, jsapiPrepayBody, merchantAuthorization } from '../../../server/src/modules/payments/wechatpay.jsapi';

const merchant = generateKeyPairSync('rsa', { modulusLength: 2048 });
const at = new Date('2026-09-09T01:02:03.000Z');

describe('WeChat Pay JSAPI signing', () => {
  it('when paying a prepay id, then wx.requestPayment gets timeStamp, nonceStr, package and an RSA paySign over the four lines', () => {
    const params = jsapiPayParams('wx1234567890abcdef', 'wx201410272009395522657a690389285100', { privateKey: merchant.privateKey }, at, 'nonce-1');
    expect(params).toMatchObject({
      appId: 'wx1234567890abcdef', timeStamp: '1788915723', nonceStr: 'nonce-1', package: 'prepay_id=wx201410272009395522657a690389285100', signType: 'RSA',
    });
    const message = 'wx1234567890abcdef\n1788915723\nnonce-1\nprepay_id=wx201410272009395522657a690389285100\n';
    expect(verify('RSA-SHA256', Buffer.from(message), merchant.publicKey, Buffer.from(params.paySign, 'base64'))).toBe(true);
    // Any other field signed instead does not verify.
    expect(verify('RSA-SHA256', Buffer.from(message.replace('nonce-1', 'nonce-2')), merchant.publicKey, Buffer.from(params.paySign, 'base64'))).toBe(false);
  });

  it('when calling the prepay API, then the Authorization header signs method, path, time, nonce and body with the merchant key', () => {
    const body = jsapiPrepayBody({
      appId: 'wx1234567890abcdef', mchId: '1900000001', donationId: '0123456789abcdef01234567', description: '同心公益捐赠',
      amountFen: 8800, payerOpenId: 'oUpF8uMuAJO_M2pxb1Q9zNjWeS6o', notifyUrl: 'https://tongxin.example/api/v1/payments/wechat/notify',
    });
    expect(JSON.parse(body)).toMatchObject({ out_trade_no: '0123456789abcdef01234567', amount: { total: 8800, currency: 'CNY' }, payer: { openid: 'oUpF8uMuAJO_M2pxb1Q9zNjWeS6o' } });
    const header = merchantAuthorization('POST', '/v3/pay/transactions/jsapi', body, { mchId: '1900000001', privateKey: merchant.privateKey, serialNo: 'SERIAL01' }, at, 'n2');
    const fields = Object.fromEntries([...header.matchAll(/(\w+)="([^"]*)"/g)].map((m) => [m[1], m[2]]));
    expect(header.startsWith('WECHATPAY2-SHA256-RSA2048 ')).toBe(true);
    expect(fields).toMatchObject({ mchid: '1900000001', nonce_str: 'n2', timestamp: '1788915723', serial_no: 'SERIAL01' });
    const message = `POST\n/v3/pay/transactions/jsapi\n1788915723\nn2\n${body}\n`;
    expect(verify('RSA-SHA256', Buffer.from(message), merchant.publicKey, Buffer.from(fields.signature!, 'base64'))).toBe(true);
  });
});
