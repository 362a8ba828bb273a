import { generateKeyPairSync, randomUUID } from 'node:crypto';
import { Types } from 'mongoose';
import request from 'supertest';
import { startTestApi, type TestApi } from '../../helpers/test-api';
import { aUser, bearer, type TestUser } from '../../fixtures/users';
import { signNotification, type NotificationSigningKeys } from '../../../server/src/modules/payments/wechatpay.signer';
import { aCharity, aLiveCampaign, type CharityWorld } from '../campaigns/campaign-fixtures';
import { paidTransaction, wechatPayConfig } from '../../helpers/wechat-pay-config';

const platform = generateKeyPairSync('rsa', { modulusLength: 2048 });
const SERIAL = 'PUB_KEY_ID_TEST_0001';

let sandbox: TestApi;
/** A replica configured for real WeChat Pay (key generated here), on the same store and Redis. */
let wechat: TestApi;
let world: CharityWorld;
let keys: NotificationSigningKeys;

beforeAll(async () => {
  sandbox = await startTestApi();
  wechat = await startTestApi({}, {
    ...sandbox.config,
    ...wechatPayConfig(platform.publicKey, SERIAL),
    WORKERS_IN_PROCESS: false,
  });
  keys = { platformPrivateKey: platform.privateKey, platformSerial: SERIAL, apiV3Key: sandbox.config.WECHATPAY_API_V3_KEY };
  world = await aCharity(sandbox);
});
afterAll(async () => {
  await wechat.runtime.close();
  await sandbox.stop();
});

async function pendingDonation(donor: TestUser, campaignId: string, amountFen: number): Promise<string> {
  const res = await request(sandbox.url).post(`/api/v1/campaigns/${campaignId}/donations`).set(bearer(donor))
    .set('idempotency-key', randomUUID()).send({ amountFen }).expect(201);
  return res.body.id;
}


const notify = (n: { headers: Record<string, string>; body: Buffer }) =>
  request(wechat.url).post('/api/v1/payments/wechat/notify').set(n.headers).send(n.body.toString());

const tallyOf = async (campaignId: string) =>
  (await request(sandbox.url).get(`/api/v1/campaigns/${campaignId}`).set(bearer(world.orgAdmin)).expect(200)).body.tally;

describe('POST /api/v1/payments/wechat/notify', () => {
  it('when every notification arrives twice, concurrently and out of order, then totals equal the sum of paid donations exactly', async () => {
    const campaignId = await aLiveCampaign(sandbox, world);
    const donors = await Promise.all(Array.from({ length: 12 }, () => aUser(sandbox, ['donor'])));
    const amounts = donors.map((_, i) => 100 + i * 37);
    const ids = await Promise.all(donors.map((d, i) => pendingDonation(d, campaignId, amounts[i]!)));
    const notifications = ids.map((id, i) => signNotification(paidTransaction(sandbox.config, id, amounts[i]!), keys));
    const deliveries = [...notifications, ...notifications.slice().reverse()];
    const answers = await Promise.all(deliveries.map(notify));
    expect(answers.every((a) => a.status === 204 && a.text === '')).toBe(true);
    // A third, late round changes nothing either.
    await Promise.all(notifications.slice(0, 4).map(notify));

    const sum = amounts.reduce((a, b) => a + b, 0);
    expect(await tallyOf(campaignId)).toMatchObject({ raisedFen: sum, donorCount: 12 });
    const ledger = sandbox.runtime.infra.connection.collection('donation_ledger');
    expect(await ledger.countDocuments({ campaignId: new Types.ObjectId(campaignId), kind: 'paid' })).toBe(12);
    const donor = await request(sandbox.url).get(`/api/v1/donations/${ids[0]}`).set(bearer(donors[0]!)).expect(200);
    expect(donor.body.status).toBe('paid');
  });

  it('when the signature is bad, the timestamp expired, the ciphertext tampered or the amount wrong, then FAIL and nothing changes', async () => {
    const campaignId = await aLiveCampaign(sandbox, world);
    const donor = await aUser(sandbox, ['donor']);
    const id = await pendingDonation(donor, campaignId, 5000);
    const impostor = generateKeyPairSync('rsa', { modulusLength: 2048 });

    const forged = signNotification(paidTransaction(sandbox.config, id, 5000), { ...keys, platformPrivateKey: impostor.privateKey });
    const expired = signNotification(paidTransaction(sandbox.config, id, 5000), keys, new Date(Date.now() - 10 * 60_000));
    const tampered = signNotification(paidTransaction(sandbox.config, id, 5000), keys);
    const tamperedBody = Buffer.from(tampered.body.toString().replace(/"ciphertext":"(.)/, (_m, c: string) => `"ciphertext":"${c === 'A' ? 'B' : 'A'}`));
    const wrongAmount = signNotification(paidTransaction(sandbox.config, id, 1), keys);
    const wrongCurrency = signNotification(paidTransaction(sandbox.config, id, 5000, { amount: { total: 5000, currency: 'USD' } }), keys);

    for (const [n, status] of [[forged, 401], [expired, 401], [{ ...tampered, body: tamperedBody }, 401], [wrongAmount, 400], [wrongCurrency, 400]] as const) {
      const res = await notify(n);
      expect(res.status).toBe(status);
      expect(res.body).toEqual({ code: 'FAIL', message: expect.any(String) });
    }
    expect(await tallyOf(campaignId)).toMatchObject({ raisedFen: 0, donorCount: 0 });
    expect((await request(sandbox.url).get(`/api/v1/donations/${id}`).set(bearer(donor))).body.status).toBe('pending');

    expect((await notify(signNotification(paidTransaction(sandbox.config, id, 5000), keys))).status).toBe(204);
    expect(await tallyOf(campaignId)).toMatchObject({ raisedFen: 5000, donorCount: 1 });
  });

  it('when a notification reports a closed trade, then it is acknowledged and the donation stays pending', async () => {
    const campaignId = await aLiveCampaign(sandbox, world);
    const donor = await aUser(sandbox, ['donor']);
    const id = await pendingDonation(donor, campaignId, 700);
    expect((await notify(signNotification(paidTransaction(sandbox.config, id, 700, { trade_state: 'CLOSED' }), keys))).status).toBe(204);
    expect((await request(sandbox.url).get(`/api/v1/donations/${id}`).set(bearer(donor))).body.status).toBe('pending');
  });

  it('when the sandbox is not configured, then there is no sandbox pay route', async () => {
    const donor = await aUser(sandbox, ['donor']);
    const res = await request(wechat.url).post('/api/v1/payments/sandbox/0123456789abcdef01234567/pay').set(bearer(donor)).send();
    expect(res.status).toBe(404);
  });
});
