import { randomBytes, sign, type KeyObject } from 'node:crypto';

/** The merchant's API certificate key pair as WeChat Pay v3 knows it. */
export interface MerchantSigningKey {
  mchId: string;
  /** The merchant API private key (apiclient_key.pem). */
  privateKey: KeyObject;
  /** Serial number of the merchant API certificate. */
  serialNo: string;
}

/** What `wx.requestPayment` takes in the mini-program (field names and casing are WeChat's). */
export interface JsapiPayParams {
  appId: string;
  /** Seconds since the epoch, as a string. */
  timeStamp: string;
  nonceStr: string;
  /** `prepay_id=<id>` */
  package: string;
  signType: 'RSA';
  paySign: string;
}

function nonce(): string {
  return randomBytes(16).toString('hex');
}

/** WeChat Pay v3 signs lines, each followed by `\n`. */
function signLines(lines: readonly string[], key: KeyObject): string {
  return sign('RSA-SHA256', Buffer.from(lines.map((line) => `${line}\n`).join('')), key).toString('base64');
}

/**
 * The parameters for `wx.requestPayment` after a JSAPI prepay: `paySign` is RSA-SHA256 with the
 * merchant key over `appId\ntimeStamp\nnonceStr\npackage\n` (WeChat Pay API v3, JSAPI 调起支付).
 */
export function jsapiPayParams(
  appId: string,
  prepayId: string,
  key: Pick<MerchantSigningKey, 'privateKey'>,
  at: Date = new Date(),
  nonceStr: string = nonce(),
): JsapiPayParams {
  const timeStamp = String(Math.floor(at.getTime() / 1000));
  const pkg = `prepay_id=${prepayId}`;
  return { appId, timeStamp, nonceStr, package: pkg, signType: 'RSA', paySign: signLines([appId, timeStamp, nonceStr, pkg], key.privateKey) };
}

/**
 * The `Authorization` header of a request to the WeChat Pay v3 API (such as the JSAPI prepay
 * `POST /v3/pay/transactions/jsapi`): RSA-SHA256 over `METHOD\nPATH?QUERY\ntimestamp\nnonce\nbody\n`.
 */
export function merchantAuthorization(
  method: 'GET' | 'POST',
  pathWithQuery: string,
  body: string,
  key: MerchantSigningKey,
  at: Date = new Date(),
  nonceStr: string = nonce(),
): string {
  const timestamp = String(Math.floor(at.getTime() / 1000));
  const signature = signLines([method, pathWithQuery, timestamp, nonceStr, body], key.privateKey);
  return `WECHATPAY2-SHA256-RSA2048 mchid="${key.mchId}",nonce_str="${nonceStr}",signature="${signature}",timestamp="${timestamp}",serial_no="${key.serialNo}"`;
}

/** The JSAPI prepay request body for a donation (amount in fen; WeChat's field names). */
export function jsapiPrepayBody(input: {
  appId: string; mchId: string; donationId: string; description: string; amountFen: number; payerOpenId: string; notifyUrl: string;
}): string {
  return JSON.stringify({
    appid: input.appId,
    mchid: input.mchId,
    description: input.description,
    out_trade_no: input.donationId,
    notify_url: input.notifyUrl,
    amount: { total: input.amountFen, currency: 'CNY' },
    payer: { openid: input.payerOpenId },
  });
}
