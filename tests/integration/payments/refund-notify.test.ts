import { createServer, type IncomingMessage, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { createPublicKey, generateKeyPairSync, randomBytes, randomUUID, sign, verify } from 'node:crypto';
import request from 'supertest';
import { startTestApi, type TestApi } from '../../helpers/test-api';
import { aUser, bearer, type TestUser } from '../../fixtures/users';
import { eventually } from '../../helpers/eventually';
import { expectInvariants } from '../../helpers/invariants';
import { wechatPayConfig } from '../../helpers/wechat-pay-config';
import { signRefundNotification, type NotificationSigningKeys } from '../../../server/src/modules/payments/wechatpay.signer';
import type { WechatPayRefundResource } from '../../../server/src/modules/payments/wechatpay.notification';
import { aCharity, aLiveCampaign, aPaidDonation, type CharityWorld } from '../campaigns/campaign-fixtures';

jest.setTimeout(90_000);

// Refund results the WeChat Pay way: the `wechat` replica asks a loopback WeChat Pay (requests signed
// with the merchant key and checked here, answers signed with the platform key) and learns the result
// from signed, encrypted REFUND.* notifications or from the refund query API. Donations are paid
// through the sandbox replica on the same store and Redis.

const platform = generateKeyPairSync('rsa', { modulusLength: 2048 });
const SERIAL = 'PUB_KEY_ID_REFUND_TEST_0001';

interface Seen { method: string; path: string; body: string; authorized: boolean }
let wechatPay: Server;
const seen: Seen[] = [];
/** What the loopback WeChat Pay answers a refund query with, by out_refund_no; absent: 404 RESOURCE_NOT_EXISTS. */
const refundsAtWechat = new Map<string, { status: string; refund: number }>();

let sandbox: TestApi;
let wechat: TestApi;
let world: CharityWorld;
let keys: NotificationSigningKeys;

async function bodyOf(req: IncomingMessage): Promise<string> {
  const chunks: Buffer[] = [];
  for await (const chunk of req) chunks.push(chunk as Buffer);
  return Buffer.concat(chunks).toString('utf8');
}

function startLoopbackWechatPay(merchantPem: string): Promise<string> {
  const merchantPublicKey = createPublicKey(merchantPem);
  wechatPay = createServer((req, res) => {
    void bodyOf(req).then((body) => {
      const fields = Object.fromEntries([...String(req.headers.authorization).matchAll(/(\w+)="([^"]*)"/g)].map((m) => [m[1]!, m[2]!]));
      const message = `${req.method}\n${req.url}\n${fields.timestamp}\n${fields.nonce_str}\n${body}\n`;
      const authorized = verify('RSA-SHA256', Buffer.from(message), merchantPublicKey, Buffer.from(fields.signature ?? '', 'base64'));
      seen.push({ method: req.method!, path: req.url!, body, authorized });
      let status = 200;
      let answer: object;
      if (req.method === 'POST') {
        const asked = JSON.parse(body) as { out_refund_no: string; amount: { refund: number } };
        if (!refundsAtWechat.has(asked.out_refund_no)) refundsAtWechat.set(asked.out_refund_no, { status: 'PROCESSING', refund: asked.amount.refund });
        answer = { refund_id: `5030${asked.out_refund_no.slice(0, 8)}`, out_refund_no: asked.out_refund_no, status: 'PROCESSING', amount: { refund: asked.amount.refund } };
      } else {
        const outRefundNo = req.url!.split('/').pop()!;
        const known = refundsAtWechat.get(outRefundNo);
        if (known) {
          answer = {
            refund_id: `5030${outRefundNo.slice(0, 8)}`, out_refund_no: outRefundNo, status: known.status, amount: { refund: known.refund },
            ...(known.status === 'SUCCESS' ? { success_time: '2026-11-29T18:00:00+08:00' } : {}),
          };
        } else {
          status = 404;
          answer = { code: 'RESOURCE_NOT_EXISTS', message: '退款单不存在' };
        }
      }
      const text = JSON.stringify(answer);
      const timestamp = String(Math.floor(Date.now() / 1000));
      const nonce = randomBytes(16).toString('hex');
      res.writeHead(authorized ? status : 401, {
        'content-type': 'application/json', 'wechatpay-timestamp': timestamp, 'wechatpay-nonce': nonce, 'wechatpay-serial': SERIAL,
        'wechatpay-signature': sign('RSA-SHA256', Buffer.from(`${timestamp}\n${nonce}\n${text}\n`), platform.privateKey).toString('base64'),
      });
      res.end(text);
    });
  });
  return new Promise((resolve) => wechatPay.listen(0, '127.0.0.1', () => resolve(`http://127.0.0.1:${(wechatPay.address() as AddressInfo).port}`)));
}

beforeAll(async () => {
  // The sandbox polls soon (its notifications can be "lost"); the WeChat replica's polls are run by hand here.
  sandbox = await startTestApi({ REFUND_POLL_FIRST_DELAY_MS: '1000', TALLY_RECONCILE_QUIET_MS: '0' });
  const config = wechatPayConfig(platform.publicKey, SERIAL);
  const apiBase = await startLoopbackWechatPay(config.WECHATPAY_MERCHANT_PRIVATE_KEY);
  wechat = await startTestApi({}, {
    ...sandbox.config, ...config, WECHATPAY_API_BASE: apiBase, WORKERS_IN_PROCESS: false, REFUND_POLL_FIRST_DELAY_MS: 3_600_000,
  });
  keys = { platformPrivateKey: platform.privateKey, platformSerial: SERIAL, apiV3Key: sandbox.config.WECHATPAY_API_V3_KEY };
  world = await aCharity(sandbox);
});
afterAll(async () => {
  await wechat.runtime.close();
  await sandbox.stop();
  await new Promise<void>((resolve) => wechatPay.close(() => resolve()));
});


const refundOn = (api: TestApi, donationId: string, amountFen: number) =>
  request(api.url).post(`/api/v1/donations/${donationId}/refunds`).set(bearer(world.orgAdmin)).set('idempotency-key', randomUUID())
    .send({ amountFen, reason: '捐赠人申请退款' });

function refundResource(refundId: string, donationId: string, amountFen: number, overrides: Partial<WechatPayRefundResource> = {}): WechatPayRefundResource {
  return {
    mchid: sandbox.config.WECHATPAY_MCH_ID, out_trade_no: donationId, transaction_id: `42000${donationId}`,
    out_refund_no: refundId.replaceAll(':', '_'), refund_id: `5030${donationId.slice(0, 8)}`, refund_status: 'SUCCESS',
    success_time: '2026-11-29T18:00:00+08:00', user_received_account: '支付用户零钱',
    amount: { total: 5000, refund: amountFen, payer_total: 5000, payer_refund: amountFen },
    ...overrides,
  };
}

const notify = (n: { headers: Record<string, string>; body: Buffer }) =>
  request(wechat.url).post('/api/v1/payments/wechat/notify').set(n.headers).send(n.body.toString());
const tallyOf = async (campaignId: string) =>
  (await request(sandbox.url).get(`/api/v1/campaigns/${campaignId}`).set(bearer(world.orgAdmin)).expect(200)).body.tally;
const refundStatus = async (refundId: string) =>
  (await sandbox.runtime.infra.connection.collection('donation_refunds').findOne({ _id: refundId as never }))?.status;
const ledgerRefunds = (donationId: string) =>
  sandbox.runtime.infra.connection.collection('donation_ledger').countDocuments({ _id: { $regex: `^${donationId}:refund:` } as never });
const noticesOf = async (user: TestUser, kind: string) =>
  ((await request(sandbox.url).get('/api/v1/me/notifications').set(bearer(user)).expect(200)).body.items as Array<{ id: string; kind: string; title: string }>)
    .filter((n) => n.kind === kind);

describe('refund result notifications (REFUND.*)', () => {
  it('when WeChat Pay accepts a refund and then reports REFUND.SUCCESS three times, concurrently, then the tally drops once and donor and organizer are told once', async () => {
    const campaignId = await aLiveCampaign(sandbox, world);
    const { donor, id } = await aPaidDonation(sandbox, campaignId, 5000);
    const asked = await refundOn(wechat, id, 1200).expect(201);
    expect(asked.body).toMatchObject({ id: `${id}:refund:1`, status: 'processing', amountFen: 1200, donation: { refundedFen: 0 } });
    expect(seen.at(-1)).toMatchObject({ method: 'POST', path: '/v3/refund/domestic/refunds', authorized: true });
    expect(JSON.parse(seen.at(-1)!.body)).toMatchObject({ out_trade_no: id, out_refund_no: `${id}_refund_1`, notify_url: wechat.config.WECHATPAY_NOTIFY_URL });
    // Accepted is not returned: the money is still the campaign's.
    expect(await tallyOf(campaignId)).toMatchObject({ raisedFen: 5000 });

    const success = signRefundNotification(refundResource(asked.body.id, id, 1200), keys);
    const answers = await Promise.all([notify(success), notify(success), notify(signRefundNotification(refundResource(asked.body.id, id, 1200), keys))]);
    expect(answers.map((a) => a.status)).toEqual([204, 204, 204]);
    expect((await notify(success)).status).toBe(204);

    expect(await tallyOf(campaignId)).toMatchObject({ raisedFen: 3800 });
    expect(await refundStatus(asked.body.id)).toBe('succeeded');
    expect(await ledgerRefunds(id)).toBe(1);
    expect((await request(sandbox.url).get(`/api/v1/donations/${id}`).set(bearer(donor)).expect(200)).body.refundedFen).toBe(1200);
    expect(await noticesOf(donor, 'refund-result')).toEqual([expect.objectContaining({ id: `refund-result:${id}:refund:1:succeeded`, title: '退款已到账' })]);
    expect(await noticesOf(world.orgAdmin, 'refund-handling')).toContainEqual(expect.objectContaining({ id: `refund-handling:${id}:refund:1:succeeded:${world.orgAdmin.id}`, title: '退款已完成' }));
    await expectInvariants(sandbox);
  });

  it('when the signature is forged, the serial unknown, the timestamp stale, the ciphertext tampered, the refund unknown or the amount wrong, then it is refused and nothing changes', async () => {
    const campaignId = await aLiveCampaign(sandbox, world);
    const { id } = await aPaidDonation(sandbox, campaignId, 5000);
    const refundId = (await refundOn(wechat, id, 2000).expect(201)).body.id as string;
    const impostor = generateKeyPairSync('rsa', { modulusLength: 2048 });
    const good = refundResource(refundId, id, 2000);
    const tampered = signRefundNotification(good, keys);
    const tamperedBody = Buffer.from(tampered.body.toString().replace(/"ciphertext":"(.)/, (_m, c: string) => `"ciphertext":"${c === 'A' ? 'B' : 'A'}`));

    const refusals: Array<[{ headers: Record<string, string>; body: Buffer }, number]> = [
      [signRefundNotification(good, { ...keys, platformPrivateKey: impostor.privateKey }), 401],
      [signRefundNotification(good, { ...keys, platformSerial: 'PUB_KEY_ID_SOMEONE_ELSE' }), 401],
      [signRefundNotification(good, keys, new Date(Date.now() - 10 * 60_000)), 401],
      [{ ...tampered, body: tamperedBody }, 401],
      [signRefundNotification(refundResource(`${id}:refund:7`, id, 2000), keys), 404],
      [signRefundNotification(refundResource(refundId, 'ffffffffffffffffffffffff', 2000), keys), 404],
      [signRefundNotification(refundResource(refundId, id, 2001), keys), 400],
      [signRefundNotification({ ...good, mchid: '1999999999' }, keys), 401],
    ];
    for (const [notification, status] of refusals) {
      const res = await notify(notification);
      expect(res.status).toBe(status);
      expect(res.body).toEqual({ code: 'FAIL', message: expect.any(String) });
    }
    expect(await refundStatus(refundId)).toBe('processing');
    expect(await ledgerRefunds(id)).toBe(0);
    expect(await tallyOf(campaignId)).toMatchObject({ raisedFen: 5000 });

    expect((await notify(signRefundNotification(good, keys))).status).toBe(204);
    expect(await tallyOf(campaignId)).toMatchObject({ raisedFen: 3000 });
    await expectInvariants(sandbox);
  });

  it('when a refund is CLOSED, then nothing leaves the tally, its amount may be refunded again, and a success reported after it is not believed', async () => {
    const campaignId = await aLiveCampaign(sandbox, world);
    const { donor, id } = await aPaidDonation(sandbox, campaignId, 5000);
    const closedId = (await refundOn(wechat, id, 5000).expect(201)).body.id as string;
    expect((await refundOn(wechat, id, 1)).body.code).toBe('REFUND_NOT_ALLOWED');

    const closed = signRefundNotification(refundResource(closedId, id, 5000, { refund_status: 'CLOSED', success_time: undefined }), keys);
    expect((await notify(closed)).status).toBe(204);
    expect((await notify(closed)).status).toBe(204);
    expect(await refundStatus(closedId)).toBe('closed');
    expect(await noticesOf(donor, 'refund-result')).toEqual([expect.objectContaining({ id: `refund-result:${closedId}:closed`, title: '退款已关闭' })]);
    expect((await notify(signRefundNotification(refundResource(closedId, id, 5000), keys))).status).toBe(204);
    expect(await refundStatus(closedId)).toBe('closed');
    expect(await ledgerRefunds(id)).toBe(0);
    expect(await tallyOf(campaignId)).toMatchObject({ raisedFen: 5000 });

    // The closed refund freed its amount: the whole donation can be refunded again, as the next refund.
    const again = (await refundOn(wechat, id, 5000).expect(201)).body.id as string;
    expect(again).toBe(`${id}:refund:2`);
    const abnormal = signRefundNotification(refundResource(again, id, 5000, { refund_status: 'ABNORMAL', success_time: undefined }), keys);
    expect((await notify(abnormal)).status).toBe(204);
    expect(await refundStatus(again)).toBe('abnormal');
    expect(await noticesOf(world.orgAdmin, 'refund-handling')).toContainEqual(expect.objectContaining({ id: `refund-handling:${again}:abnormal:${world.orgAdmin.id}`, title: '退款异常，请处理' }));
    expect((await notify(signRefundNotification(refundResource(again, id, 5000), keys))).status).toBe(204);
    expect(await refundStatus(again)).toBe('succeeded');
    expect(await tallyOf(campaignId)).toMatchObject({ raisedFen: 0 });
    expect((await request(sandbox.url).get(`/api/v1/donations/${id}`).set(bearer(donor)).expect(200)).body.refundedFen).toBe(5000);
    await expectInvariants(sandbox);
  });
});

describe('polling refunds whose notification never came', () => {
  it('when WeChat Pay\'s query API says SUCCESS, then the poll settles the refund once; a refund WeChat Pay never got is asked for again', async () => {
    const campaignId = await aLiveCampaign(sandbox, world);
    const { id } = await aPaidDonation(sandbox, campaignId, 3000);
    const refundId = (await refundOn(wechat, id, 1000).expect(201)).body.id as string;
    const polls = wechat.runtime.modules.donations.refundPolls;

    expect(await polls.poll(refundId, null)).toBe('waiting');
    expect(seen.at(-1)).toMatchObject({ method: 'GET', path: `/v3/refund/domestic/refunds/${id}_refund_1`, authorized: true });
    refundsAtWechat.set(`${id}_refund_1`, { status: 'SUCCESS', refund: 1000 });
    expect(await polls.poll(refundId, null)).toBe('succeeded');
    expect(await polls.poll(refundId, null)).toBe('final');
    expect(await tallyOf(campaignId)).toMatchObject({ raisedFen: 2000 });

    // A refund whose request never reached WeChat Pay (lost on the way): the poll asks for it under the same number.
    const lostId = (await refundOn(wechat, id, 500).expect(201)).body.id as string;
    refundsAtWechat.delete(`${id}_refund_2`);
    const before = seen.length;
    expect(await polls.poll(lostId, null)).toBe('waiting');
    expect(seen.slice(before).map((s) => `${s.method} ${s.path}`)).toEqual([`GET /v3/refund/domestic/refunds/${id}_refund_2`, 'POST /v3/refund/domestic/refunds']);
    expect(refundsAtWechat.get(`${id}_refund_2`)).toEqual({ status: 'PROCESSING', refund: 500 });
    await expectInvariants(sandbox);
  });

  it('when the sandbox\'s notifications are lost, then the delayed BullMQ poll settles the refund and the tally is exact', async () => {
    const campaignId = await aLiveCampaign(sandbox, world);
    const { donor, id } = await aPaidDonation(sandbox, campaignId, 4000);
    const refunder = sandbox.runtime.modules.payments.sandboxRefunder!;
    const notifyRefund = refunder.notify;
    refunder.notify = null;
    try {
      const asked = await refundOn(sandbox, id, 1500).expect(201);
      expect(asked.body).toMatchObject({ status: 'processing', donation: { refundedFen: 0 } });
      await eventually(async () => expect(await refundStatus(asked.body.id)).toBe('succeeded'), 15_000, 100);
    } finally {
      refunder.notify = notifyRefund;
    }
    expect(await tallyOf(campaignId)).toMatchObject({ raisedFen: 2500 });
    expect(await noticesOf(donor, 'refund-result')).toHaveLength(1);
    // With notifications back, a refund is settled by its own notification before the answer.
    expect((await refundOn(sandbox, id, 500).expect(201)).body).toMatchObject({ status: 'succeeded', donation: { refundedFen: 2000 } });
    expect(await tallyOf(campaignId)).toMatchObject({ raisedFen: 2000 });
    await expectInvariants(sandbox);
  });
});
