import { generateKeyPairSync, randomUUID } from 'node:crypto';
import { Types } from 'mongoose';
import request from 'supertest';
import { signNotification, type NotificationSigningKeys } from '../../../server/src/modules/payments/wechatpay.signer';
import { aUser, bearer } from '../../fixtures/users';
import { eventually } from '../../helpers/eventually';
import { expectInvariants } from '../../helpers/invariants';
import { startOwnRedis, type OwnRedis } from '../../helpers/own-redis';
import { startTestApi, type TestApi } from '../../helpers/test-api';
import { paidTransaction, wechatPayConfig } from '../../helpers/wechat-pay-config';
import { aCharity, aLiveCampaign, type CharityWorld } from '../campaigns/campaign-fixtures';

// A settlement that fails after its gate (the "paid" ledger entry is stored, then Redis stops
// answering before the live tally, the receipt and the thank-you) must not let a later delivery of
// the same notification be acknowledged with those effects missing: WeChat Pay never sends an
// acknowledged notification again.

jest.setTimeout(90_000);

const platform = generateKeyPairSync('rsa', { modulusLength: 2048 });
const SERIAL = 'PUB_KEY_ID_INTERRUPTED';
const AMOUNT_FEN = 1234;

let redis: OwnRedis;
let sandbox: TestApi;
let wechat: TestApi;
let world: CharityWorld;
let keys: NotificationSigningKeys;

beforeAll(async () => {
  redis = await startOwnRedis();
  sandbox = await startTestApi({ REDIS_URL: redis.url, REDIS_COMMAND_TIMEOUT_MS: '1500' });
  wechat = await startTestApi({}, { ...sandbox.config, ...wechatPayConfig(platform.publicKey, SERIAL), WORKERS_IN_PROCESS: false });
  keys = { platformPrivateKey: platform.privateKey, platformSerial: SERIAL, apiV3Key: sandbox.config.WECHATPAY_API_V3_KEY };
  world = await aCharity(sandbox);
});
afterAll(async () => {
  redis?.resume();
  await wechat?.runtime.close();
  await sandbox?.stop();
  await redis?.stop();
});


describe('a settlement interrupted after its ledger gate', () => {
  it('when Redis stops answering mid-settlement, then no redelivery is acknowledged until the tally, the receipt and the thank-you are all there, each once', async () => {
    const campaignId = await aLiveCampaign(sandbox, world);
    const donor = await aUser(sandbox, ['donor']);
    const donationId: string = (await request(sandbox.url).post(`/api/v1/campaigns/${campaignId}/donations`).set(bearer(donor))
      .set('idempotency-key', randomUUID()).send({ amountFen: AMOUNT_FEN, message: '一点心意' }).expect(201)).body.id;
    const notification = signNotification(paidTransaction(sandbox.config, donationId, AMOUNT_FEN), keys);
    const deliver = () => request(wechat.url).post('/api/v1/payments/wechat/notify').set(notification.headers)
      .send(notification.body.toString()).timeout(15_000);
    const db = sandbox.runtime.infra.connection;

    redis.pause();
    try {
      const refused = await deliver();
      expect(refused.status).toBeGreaterThanOrEqual(500);
      expect(refused.body).toMatchObject({ code: 'FAIL' });
      // Past the gate: the payment is recorded, the rest is not.
      expect(await db.collection('donation_ledger').countDocuments({ _id: `${donationId}:paid` as never })).toBe(1);
      expect(await db.collection('donation_receipts').countDocuments({ _id: new Types.ObjectId(donationId) })).toBe(0);
      // WeChat's retry while Redis is still frozen: refused again, not taken for done.
      expect((await deliver()).status).toBeGreaterThanOrEqual(500);
    } finally {
      redis.resume();
    }

    await eventually(async () => expect((await deliver()).status).toBe(204), 20_000);
    expect(await db.collection('donation_receipts').countDocuments({ _id: new Types.ObjectId(donationId) })).toBe(1);
    const campaign = (await request(sandbox.url).get(`/api/v1/campaigns/${campaignId}`).set(bearer(world.orgAdmin)).expect(200)).body;
    expect(campaign.tally).toMatchObject({ raisedFen: AMOUNT_FEN, donorCount: 1 });
    expect(campaign.recentDonations.map((gift: { amountFen: number }) => gift.amountFen)).toEqual([AMOUNT_FEN]);
    await eventually(async () => {
      const inbox = (await request(sandbox.url).get('/api/v1/me/notifications').set(bearer(donor)).expect(200)).body;
      expect(inbox.items.filter((n: { kind: string }) => n.kind === 'donation-thanks')).toHaveLength(1);
    }, 15_000);
    // A further redelivery changes nothing.
    expect((await deliver()).status).toBe(204);
    expect((await request(sandbox.url).get(`/api/v1/campaigns/${campaignId}`).set(bearer(world.orgAdmin)).expect(200)).body.tally)
      .toMatchObject({ raisedFen: AMOUNT_FEN, donorCount: 1 });
    await expectInvariants(sandbox);
  });
});
