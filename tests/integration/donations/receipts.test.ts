import { randomUUID } from 'node:crypto';
import { Types } from 'mongoose';
import request from 'supertest';
import { checkInvariants } from '../../../scripts/lib/invariants';
import { signNotification } from '../../../server/src/modules/payments/wechatpay.signer';
import type { WechatPayTransaction } from '../../../server/src/modules/payments/wechatpay.notification';
import { eventually } from '../../helpers/eventually';
import { expectInvariants } from '../../helpers/invariants';
import { startTestApi, type TestApi } from '../../helpers/test-api';
import { aUser, bearer, type TestUser } from '../../fixtures/users';
import { aCharity, aLiveCampaign, type CharityWorld } from '../campaigns/campaign-fixtures';

// Receipts (捐赠票据) and thank-you notices: one per paid donation, however often the payment is
// announced, on whichever replica, and repaired when a crash left one out.

jest.setTimeout(60_000);

let api: TestApi;
/** A second replica on the same store and Redis, which has seen none of the first one's payments. */
let replica: TestApi;
let world: CharityWorld;

beforeAll(async () => {
  api = await startTestApi({ TALLY_RECONCILE_QUIET_MS: '0' });
  replica = await startTestApi({}, { ...api.config, WORKERS_IN_PROCESS: false });
  world = await aCharity(api, { name: '成都市同心票据基金会' });
});
afterAll(async () => {
  await replica.runtime.close();
  await api.stop();
});

const db = () => api.runtime.infra.connection.db!;

async function paidDonation(donor: TestUser, campaignId: string, amountFen: number): Promise<string> {
  const created = await request(api.url).post(`/api/v1/campaigns/${campaignId}/donations`).set(bearer(donor))
    .set('idempotency-key', randomUUID()).send({ amountFen, message: '' }).expect(201);
  await request(api.url).post(`/api/v1/payments/sandbox/${created.body.id}/pay`).set(bearer(donor)).send().expect(200);
  return created.body.id;
}

/** The sandbox cashier's notification for a donation, signed again and sent to a replica. */
function replay(target: TestApi, donationId: string, amountFen: number) {
  const transaction: WechatPayTransaction = {
    appid: api.config.WECHAT_APP_ID, mchid: api.config.WECHATPAY_MCH_ID, out_trade_no: donationId,
    transaction_id: `SANDBOX${donationId}`, trade_state: 'SUCCESS', success_time: new Date().toISOString(),
    amount: { total: amountFen, payer_total: amountFen, currency: 'CNY' },
  };
  const n = signNotification(transaction, target.runtime.modules.payments.sandboxKeys!, new Date());
  return request(target.url).post('/api/v1/payments/wechat/notify').set(n.headers).send(n.body.toString());
}

const receiptOf = (user: TestUser, donationId: string) =>
  request(api.url).get(`/api/v1/me/donations/${donationId}/receipt`).set(bearer(user));
const thanksOf = async (user: TestUser) =>
  (await request(api.url).get('/api/v1/me/notifications').set(bearer(user)).expect(200)).body.items
    .filter((n: { kind: string }) => n.kind === 'donation-thanks');

describe('GET /api/v1/me/donations/:donationId/receipt', () => {
  it('when a paid donation\'s notification is replayed on both replicas, then one receipt with the organization, amount and Shanghai time, and one thank-you', async () => {
    const campaignId = await aLiveCampaign(api, world, { title: '给山区孩子的冬衣' });
    const donor = await aUser(api, ['donor']);
    const donationId = await paidDonation(donor, campaignId, 8800);
    const replays = await Promise.all([replay(api, donationId, 8800), replay(replica, donationId, 8800), replay(replica, donationId, 8800)]);
    expect(replays.map((r) => r.status)).toEqual([204, 204, 204]);

    const receipt = (await receiptOf(donor, donationId).expect(200)).body;
    const organization = (await request(api.url).get(`/api/v1/organizations/${world.organizationId}`).set(bearer(donor)).expect(200)).body;
    expect(receipt).toMatchObject({
      donationId, campaignId, campaignTitle: '给山区孩子的冬衣', amountFen: 8800, receivedFen: 8800, timeZone: 'Asia/Shanghai',
      organization: { id: world.organizationId, name: '成都市同心票据基金会', creditCode: organization.creditCode },
    });
    const paidAt = new Date(receipt.paidAt);
    const shanghai = new Date(paidAt.getTime() + 8 * 3_600_000);
    const day = shanghai.toISOString().slice(0, 10);
    expect(receipt.number).toBe(`TX${day.replaceAll('-', '')}-${donationId.toUpperCase()}`);
    expect(receipt.paidAtLocal).toBe(`${day.replaceAll('-', '/')} ${shanghai.toISOString().slice(11, 16)}`);
    expect(await db().collection('donation_receipts').countDocuments({ _id: new Types.ObjectId(donationId) })).toBe(1);

    const history = (await request(api.url).get('/api/v1/me/donations').set(bearer(donor)).expect(200)).body.items;
    expect(history).toEqual([expect.objectContaining({ id: donationId, status: 'paid', receiptNumber: receipt.number })]);

    const thanks = await eventually(async () => {
      const found = await thanksOf(donor);
      expect(found).toHaveLength(1);
      return found;
    }, 10_000, 100);
    expect(thanks[0]).toMatchObject({ id: `donation-thanks:${donationId}`, title: '感谢您的爱心捐赠', data: { donationId, campaignId } });
    expect(thanks[0].body).toContain(receipt.number);
    expect(thanks[0].body).toContain('¥88.00');
  });

  it('when someone else asks for the receipt, then 404; when the donation is not paid yet, then 409 RECEIPT_NOT_AVAILABLE', async () => {
    const campaignId = await aLiveCampaign(api, world);
    const donor = await aUser(api, ['donor']);
    const donationId = await paidDonation(donor, campaignId, 1000);
    const stranger = await aUser(api, ['donor']);
    const refused = await receiptOf(stranger, donationId);
    expect(refused.status).toBe(404);
    expect(refused.headers['content-type']).toMatch(/application\/problem\+json/);
    expect((await receiptOf(world.orgAdmin, donationId)).status).toBe(404);
    expect((await receiptOf(donor, new Types.ObjectId().toHexString())).status).toBe(404);
    expect((await receiptOf(donor, 'not-an-id')).status).toBe(400);

    const pending = await request(api.url).post(`/api/v1/campaigns/${campaignId}/donations`).set(bearer(donor))
      .set('idempotency-key', randomUUID()).send({ amountFen: 2000 }).expect(201);
    expect((await receiptOf(donor, pending.body.id)).body.code).toBe('RECEIPT_NOT_AVAILABLE');
    const history = (await request(api.url).get('/api/v1/me/donations').set(bearer(donor)).expect(200)).body.items;
    expect(history.find((d: { id: string }) => d.id === pending.body.id).receiptNumber).toBeUndefined();
    expect((await request(api.url).get('/api/v1/me/donations').set(bearer(stranger)).expect(200)).body.items).toEqual([]);
  });

  it('when part of the donation is refunded, then the receipt shows the amount actually received', async () => {
    const campaignId = await aLiveCampaign(api, world);
    const donor = await aUser(api, ['donor']);
    const donationId = await paidDonation(donor, campaignId, 5000);
    await request(api.url).post(`/api/v1/donations/${donationId}/refunds`).set(bearer(world.orgAdmin)).set('idempotency-key', randomUUID())
      .send({ amountFen: 1200, reason: '捐赠人申请部分退款' }).expect(201);
    expect((await receiptOf(donor, donationId).expect(200)).body).toMatchObject({ amountFen: 5000, receivedFen: 3800 });
  });
});

describe('a receipt a crash left out', () => {
  it('when the receipt is missing after payment, then reconciliation issues it again, once, with the same number', async () => {
    const campaignId = await aLiveCampaign(api, world);
    const donors = await Promise.all(Array.from({ length: 3 }, () => aUser(api, ['donor'])));
    const ids = await Promise.all(donors.map((d) => paidDonation(d, campaignId, 3000)));
    const numbers = await Promise.all(ids.map(async (id, i) => (await receiptOf(donors[i]!, id).expect(200)).body.number));
    await db().collection('donation_receipts').deleteMany({ _id: { $in: ids.map((id) => new Types.ObjectId(id)) } });
    expect((await checkInvariants({ db: db() })).violations).toContainEqual(`donation ${ids[0]}: paid with 0 receipts`);

    await api.runtime.modules.donations.reconcile();
    await api.runtime.modules.donations.reconcile();
    expect(await db().collection('donation_receipts').countDocuments({ _id: { $in: ids.map((id) => new Types.ObjectId(id)) } })).toBe(3);
    const again = await Promise.all(ids.map(async (id, i) => (await receiptOf(donors[i]!, id).expect(200)).body.number));
    expect(again).toEqual(numbers);
  });

  it('when the donor asks before reconciliation ran, then the read issues it', async () => {
    const campaignId = await aLiveCampaign(api, world);
    const donor = await aUser(api, ['donor']);
    const id = await paidDonation(donor, campaignId, 1500);
    await db().collection('donation_receipts').deleteOne({ _id: new Types.ObjectId(id) });
    const answers = await Promise.all([receiptOf(donor, id), receiptOf(donor, id)]);
    expect(answers.map((a) => a.status)).toEqual([200, 200]);
    expect(await db().collection('donation_receipts').countDocuments({ _id: new Types.ObjectId(id) })).toBe(1);
  });
});

describe('a giving burst', () => {
  it('when 30 donors pay at once and every notification is replayed on the other replica, then 30 receipts and 30 thank-yous, and every invariant holds', async () => {
    const campaignId = await aLiveCampaign(api, world);
    const donors = await Promise.all(Array.from({ length: 30 }, () => aUser(api, ['donor'])));
    const ids = await Promise.all(donors.map((d, i) => paidDonation(d, campaignId, 1000 + i)));
    await Promise.all(ids.map((id, i) => replay(replica, id, 1000 + i).expect(204)));
    expect(await db().collection('donation_receipts').countDocuments({ campaignId: new Types.ObjectId(campaignId) })).toBe(30);
    await eventually(async () => {
      expect(await db().collection('notifications').countDocuments({ kind: 'donation-thanks', 'data.campaignId': campaignId })).toBe(30);
    }, 20_000, 200);
    const report = await expectInvariants(api);
    expect(report.checked.receipts).toBeGreaterThanOrEqual(30);
    expect(report.checked.thanks).toBeGreaterThanOrEqual(30);
  });

  it('the checker reports a second thank-you, a receipt for an unpaid donation and a wrong amount, and is silent once they are undone', async () => {
    const paid = await db().collection('donation_receipts').findOne({});
    const donationId = String(paid!._id);
    const forgedThanks = { _id: `forged-thanks:${donationId}` as never, userId: paid!.userId, kind: 'donation-thanks', title: 't', body: 'b',
      data: { donationId }, createdAt: new Date(), readAt: null, sortKey: 'x' };
    await db().collection('notifications').insertOne(forgedThanks);
    const unpaid = new Types.ObjectId();
    await db().collection('donation_receipts').insertOne({ ...paid!, _id: unpaid, number: `TX-FORGED-${unpaid.toHexString()}` });
    await db().collection('donation_receipts').updateOne({ _id: paid!._id }, { $set: { amountFen: Number(paid!.amountFen) + 1 } });
    const found = (await checkInvariants({ db: db() })).violations;
    expect(found).toEqual(expect.arrayContaining([
      `donation ${donationId}: thanked 2 times`,
      `receipt TX-FORGED-${unpaid.toHexString()}: donation ${unpaid.toHexString()} is not paid`,
      `receipt ${String(paid!.number)}: ${Number(paid!.amountFen) + 1} fen, ${String(paid!.amountFen)} paid`,
    ]));
    await db().collection('notifications').deleteOne({ _id: forgedThanks._id });
    await db().collection('donation_receipts').deleteOne({ _id: unpaid });
    await db().collection('donation_receipts').updateOne({ _id: paid!._id }, { $set: { amountFen: paid!.amountFen } });
    await expectInvariants(api);
  });
});
