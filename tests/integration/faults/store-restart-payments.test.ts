import { generateKeyPairSync, randomUUID } from 'node:crypto';
import { Types } from 'mongoose';
import request from 'supertest';
import { signNotification, type NotificationSigningKeys } from '../../../server/src/modules/payments/wechatpay.signer';
import { aUser, bearer } from '../../fixtures/users';
import { freePort, spawnApi, type ApiProcess } from '../../helpers/api-process';
import { eventually } from '../../helpers/eventually';
import { expectInvariants } from '../../helpers/invariants';
import { startOwnStore, type OwnStore } from '../../helpers/own-store';
import { startTestApi, type TestApi } from '../../helpers/test-api';
import { aCharity, aLiveCampaign, type CharityWorld } from '../campaigns/campaign-fixtures';
import { paidTransaction, wechatPayConfig } from '../../helpers/wechat-pay-config';

const platform = generateKeyPairSync('rsa', { modulusLength: 2048 });
const SERIAL = 'PUB_KEY_ID_STORE_RESTART';
const DONATIONS = 60;

let store: OwnStore;
let api: TestApi;
let payReplica: ApiProcess;
let world: CharityWorld;
let keys: NotificationSigningKeys;

beforeAll(async () => {
  store = await startOwnStore();
  api = await startTestApi({ MONGODB_URI: store.uri });
  payReplica = await spawnApi({
    ...api.config,
    ...wechatPayConfig(platform.publicKey, SERIAL),
    WORKERS_IN_PROCESS: false,
  }, await freePort());
  keys = { platformPrivateKey: platform.privateKey, platformSerial: SERIAL, apiV3Key: api.config.WECHATPAY_API_V3_KEY };
  world = await aCharity(api);
}, 90_000);
afterAll(async () => {
  payReplica?.child.kill('SIGTERM');
  await payReplica?.exited;
  await api?.stop();
  await store?.stop();
}, 60_000);


interface Delivery {
  answers: number[];
  acknowledged: boolean;
}

/** What WeChat Pay does: resend a notification until it is answered 2xx, then never again. */
async function deliverLikeWechat(notification: { headers: Record<string, string>; body: Buffer }, deadline: number): Promise<Delivery> {
  const delivery: Delivery = { answers: [], acknowledged: false };
  while (Date.now() < deadline) {
    const res = await request(payReplica.url).post('/api/v1/payments/wechat/notify').set(notification.headers)
      .send(notification.body.toString()).timeout(15_000).then((r) => r.status, () => 0);
    delivery.answers.push(res);
    if (res >= 200 && res < 300) return { ...delivery, acknowledged: true };
    await new Promise((resolve) => setTimeout(resolve, 250));
  }
  return delivery;
}

describe('the store restarted during a storm of payment notifications', () => {
  it('when FerretDB is killed and restarted mid-storm, then no notification is acknowledged without its effect, and afterwards every donation is paid once with an exact tally', async () => {
    const campaignId = await aLiveCampaign(api, world);
    const donors = await Promise.all(Array.from({ length: DONATIONS }, () => aUser(api, ['donor'])));
    const amounts = donors.map((_, i) => 200 + i * 7);
    const ids: string[] = [];
    for (const [i, donor] of donors.entries()) {
      const res = await request(api.url).post(`/api/v1/campaigns/${campaignId}/donations`).set(bearer(donor))
        .set('idempotency-key', randomUUID()).send({ amountFen: amounts[i] }).expect(201);
      ids.push(res.body.id as string);
    }
    const notifications = ids.map((id, i) => signNotification(paidTransaction(api.config, id, amounts[i]!), keys));

    const deadline = Date.now() + 90_000;
    // Payments keep arriving, one every 100 ms; the store dies once the first has been acknowledged.
    const storm = notifications.map((n, i) =>
      new Promise((resolve) => setTimeout(resolve, i * 100)).then(() => deliverLikeWechat(n, deadline)));
    const never = new Promise<never>(() => undefined);
    await Promise.race(storm.map((d) => d.then((r) => (r.acknowledged ? r : never))));
    await store.kill('SIGKILL');
    // Longer than the driver's server selection timeout (5 s), so requests waiting on the store fail.
    await new Promise((resolve) => setTimeout(resolve, 8_000));
    await store.launch();
    const deliveries = await Promise.all(storm);

    expect(deliveries.every((d) => d.acknowledged)).toBe(true);
    const refusedDuringOutage = deliveries.flatMap((d) => d.answers).filter((status) => status < 200 || status >= 300);
    expect(refusedDuringOutage.length).toBeGreaterThan(0);
    if (process.env.DEBUG_FAULTS) {
      console.log(`answers: ${deliveries.flatMap((d) => d.answers).length}, refused during the outage: ${refusedDuringOutage.length}`);
    }

    // Every acknowledged notification's effect is in the store: WeChat will not send it again.
    const ledger = api.runtime.infra.connection.collection('donation_ledger');
    await eventually(async () => {
      expect(await ledger.countDocuments({ campaignId: new Types.ObjectId(campaignId), kind: 'paid' })).toBe(DONATIONS);
    }, 15_000);
    for (const [i, id] of ids.entries()) {
      const res = await request(api.url).get(`/api/v1/donations/${id}`).set(bearer(donors[i]!)).expect(200);
      expect(res.body.status).toBe('paid');
    }
    await eventually(async () => {
      const tally = (await request(api.url).get(`/api/v1/campaigns/${campaignId}`).set(bearer(world.orgAdmin)).expect(200)).body.tally;
      expect(tally).toMatchObject({ raisedFen: amounts.reduce((a, b) => a + b, 0), donorCount: DONATIONS });
    }, 15_000);
    await expectInvariants(api);
  }, 150_000);
});
