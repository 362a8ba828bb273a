import { createServer, type IncomingMessage, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { generateKeyPairSync, randomBytes, sign, verify, type KeyObject } from 'node:crypto';
import { WechatPayClient, WechatPayApiError } from '../../../server/src/modules/payments/wechatpay.client';
import { WechatPayRefunder, WechatPayStarter } from '../../../server/src/modules/payments/payments.providers';

// The real WeChat Pay API v3 protocol, offline: a loopback server plays WeChat Pay. It checks each
// request's Authorization signature with the merchant's public key and signs its answers with the
// platform key, as WeChat does; keys are made here.

const merchantKeys = generateKeyPairSync('rsa', { modulusLength: 2048 });
const platformKeys = generateKeyPairSync('rsa', { modulusLength: 2048 });
const strangerKeys = generateKeyPairSync('rsa', { modulusLength: 2048 });
const MCH_ID = '1900000109';
const MERCHANT_SERIAL = '5157F09EFDC096DE15EBE81A47057A7232F1B8E1';
const PLATFORM_SERIAL = 'PUB_KEY_ID_0114232134912410000000000000';
const merchant = { mchId: MCH_ID, privateKey: merchantKeys.privateKey, serialNo: MERCHANT_SERIAL };

interface Seen { method: string; path: string; body: string; authorized: boolean; authorization: string }
interface Answer { status: number; body: object; signWith?: KeyObject; timestamp?: number; serial?: string }

let server: Server;
let baseUrl: string;
const seen: Seen[] = [];
let answer: (req: Seen) => Answer = () => ({ status: 200, body: {} });

/** WeChat Pay's check of a merchant request: `WECHATPAY2-SHA256-RSA2048 mchid=..,nonce_str=..,signature=..,timestamp=..,serial_no=..`. */
function checkAuthorization(method: string, path: string, body: string, header: string): boolean {
  const match = /^WECHATPAY2-SHA256-RSA2048 (.+)$/.exec(header);
  if (!match) return false;
  const fields = Object.fromEntries([...match[1]!.matchAll(/(\w+)="([^"]*)"/g)].map((m) => [m[1]!, m[2]!]));
  if (fields.mchid !== MCH_ID || fields.serial_no !== MERCHANT_SERIAL) return false;
  if (Math.abs(Date.now() / 1000 - Number(fields.timestamp)) > 300) return false;
  const message = `${method}\n${path}\n${fields.timestamp}\n${fields.nonce_str}\n${body}\n`;
  return verify('RSA-SHA256', Buffer.from(message), merchantKeys.publicKey, Buffer.from(fields.signature ?? '', 'base64'));
}

async function bodyOf(req: IncomingMessage): Promise<string> {
  const chunks: Buffer[] = [];
  for await (const chunk of req) chunks.push(chunk as Buffer);
  return Buffer.concat(chunks).toString('utf8');
}

beforeAll(async () => {
  server = createServer((req, res) => {
    void bodyOf(req).then((body) => {
      const request: Seen = { method: req.method!, path: req.url!, body, authorization: String(req.headers.authorization), authorized: false };
      request.authorized = checkAuthorization(request.method, request.path, body, request.authorization);
      seen.push(request);
      const reply = request.authorized ? answer(request) : { status: 401, body: { code: 'SIGN_ERROR', message: '签名错误' } };
      const text = JSON.stringify(reply.body);
      const timestamp = String(reply.timestamp ?? Math.floor(Date.now() / 1000));
      const nonce = randomBytes(16).toString('hex');
      const signature = sign('RSA-SHA256', Buffer.from(`${timestamp}\n${nonce}\n${text}\n`), reply.signWith ?? platformKeys.privateKey).toString('base64');
      res.writeHead(reply.status, {
        'content-type': 'application/json', 'request-id': randomBytes(8).toString('hex'),
        'wechatpay-timestamp': timestamp, 'wechatpay-nonce': nonce, 'wechatpay-signature': signature,
        'wechatpay-serial': reply.serial ?? PLATFORM_SERIAL, 'wechatpay-signature-type': 'WECHATPAY2-SHA256-RSA2048',
      });
      res.end(text);
    });
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  baseUrl = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
});
afterAll(() => new Promise<void>((resolve) => server.close(() => resolve())));
beforeEach(() => {
  seen.length = 0;
});

const client = (key: KeyObject = platformKeys.publicKey) => new WechatPayClient({
  baseUrl, merchant, platformPublicKey: key, platformSerial: PLATFORM_SERIAL, windowSeconds: 300,
});

describe('JSAPI prepay (POST /v3/pay/transactions/jsapi)', () => {
  it('when WeChat Pay answers a signed request with a signed prepay id, then the donor gets wx.requestPayment parameters signed by the merchant', async () => {
    answer = () => ({ status: 200, body: { prepay_id: 'wx201410272009395522657a690389285100' } });
    const starter = new WechatPayStarter(client(), async (userId) => (userId === 'u1' ? 'oUpF8uMuAJO_M2pxb1Q9zNjWeS6o' : null), merchant,
      { appId: 'wxd678efh567hg6787', notifyUrl: 'https://tongxin.example.cn/api/v1/payments/wechat/notify' });
    const params = await starter.start({ id: '6b0c473d818ce774eb939072', userId: 'u1', amountFen: 8800, description: '同心公益捐赠' });

    expect(seen).toHaveLength(1);
    expect(seen[0]).toMatchObject({ method: 'POST', path: '/v3/pay/transactions/jsapi', authorized: true });
    expect(JSON.parse(seen[0]!.body)).toEqual({
      appid: 'wxd678efh567hg6787', mchid: MCH_ID, description: '同心公益捐赠', out_trade_no: '6b0c473d818ce774eb939072',
      notify_url: 'https://tongxin.example.cn/api/v1/payments/wechat/notify', amount: { total: 8800, currency: 'CNY' },
      payer: { openid: 'oUpF8uMuAJO_M2pxb1Q9zNjWeS6o' },
    });
    expect(params).toMatchObject({ provider: 'wechat', appId: 'wxd678efh567hg6787', package: 'prepay_id=wx201410272009395522657a690389285100', signType: 'RSA' });
    if (params.provider !== 'wechat') throw new Error('expected WeChat parameters');
    const message = `${params.appId}\n${params.timeStamp}\n${params.nonceStr}\n${params.package}\n`;
    expect(verify('RSA-SHA256', Buffer.from(message), merchantKeys.publicKey, Buffer.from(params.paySign, 'base64'))).toBe(true);
  });

  it('when the donor has no openid, then nothing is sent and PAYMENT_OPENID_MISSING', async () => {
    const starter = new WechatPayStarter(client(), async () => null, merchant, { appId: 'wx1', notifyUrl: 'https://x.example/n' });
    await expect(starter.start({ id: 'a'.repeat(24), userId: 'u2', amountFen: 100, description: 'x' })).rejects.toMatchObject({ code: 'PAYMENT_OPENID_MISSING' });
    expect(seen).toHaveLength(0);
  });
});

describe('refunds (POST /v3/refund/domestic/refunds)', () => {
  it('when a refund is asked, then the signed request carries the order, a refund number WeChat accepts, and the amounts in fen', async () => {
    answer = (req) => ({ status: 200, body: { refund_id: '50000000382019052709732678859', out_refund_no: JSON.parse(req.body).out_refund_no, status: 'PROCESSING' } });
    await new WechatPayRefunder(client()).refund({ donationId: '6b0c473d818ce774eb939072', refundId: '6b0c473d818ce774eb939072:refund:1', reason: '捐赠人申请部分退款', amountFen: 1200, totalFen: 5000 });
    expect(seen[0]).toMatchObject({ path: '/v3/refund/domestic/refunds', authorized: true });
    expect(JSON.parse(seen[0]!.body)).toEqual({
      out_trade_no: '6b0c473d818ce774eb939072', out_refund_no: '6b0c473d818ce774eb939072_refund_1', reason: '捐赠人申请部分退款',
      amount: { refund: 1200, total: 5000, currency: 'CNY' },
    });
  });

  it('when WeChat Pay refuses (400 with its error code), then the error carries the code', async () => {
    answer = () => ({ status: 400, body: { code: 'NOT_ENOUGH', message: '基本账户余额不足' } });
    const refusal = await client().refund({ outTradeNo: 'a', outRefundNo: 'a_refund_1', reason: 'r', refundFen: 1, totalFen: 1 }).catch((e: unknown) => e);
    expect(refusal).toBeInstanceOf(WechatPayApiError);
    expect(refusal).toMatchObject({ code: 'PAYMENT_PROVIDER_FAILED', httpStatus: 400, wechatCode: 'NOT_ENOUGH' });
  });
});

describe('answers that are not WeChat Pay\'s', () => {
  const refusalOf = (c: WechatPayClient) => c.prepayJsapi({ appId: 'wx1', donationId: 'b'.repeat(24), description: 'd', amountFen: 100, payerOpenId: 'o', notifyUrl: 'https://x.example/n' })
    .then(() => null, (e: unknown) => e as WechatPayApiError);

  it('when the answer is signed by another key, names another serial, or is stale, then it is refused as SIGNATURE_INVALID', async () => {
    for (const bad of [{ signWith: strangerKeys.privateKey }, { serial: 'ANOTHER_SERIAL' }, { timestamp: Math.floor(Date.now() / 1000) - 3600 }]) {
      answer = () => ({ status: 200, body: { prepay_id: 'wx-forged' }, ...bad });
      expect(await refusalOf(client())).toMatchObject({ wechatCode: 'SIGNATURE_INVALID', httpStatus: 502 });
    }
    // The requests themselves were signed correctly every time.
    expect(seen.map((s) => s.authorized)).toEqual([true, true, true]);
  });

  it('when the merchant key is not the one WeChat Pay knows, then WeChat Pay refuses the request (SIGN_ERROR)', async () => {
    const wrong = new WechatPayClient({
      baseUrl, merchant: { ...merchant, privateKey: strangerKeys.privateKey }, platformPublicKey: platformKeys.publicKey, platformSerial: PLATFORM_SERIAL, windowSeconds: 300,
    });
    expect(await refusalOf(wrong)).toMatchObject({ httpStatus: 401, wechatCode: 'SIGN_ERROR' });
    expect(seen[0]!.authorized).toBe(false);
  });

  it('when WeChat Pay cannot be reached, then 503 UNREACHABLE rather than a hang', async () => {
    const offline = new WechatPayClient({ baseUrl: 'http://127.0.0.1:1', merchant, platformPublicKey: platformKeys.publicKey, platformSerial: PLATFORM_SERIAL, windowSeconds: 300, timeoutMs: 2000 });
    expect(await refusalOf(offline)).toMatchObject({ httpStatus: 503, wechatCode: 'UNREACHABLE' });
  });
});
