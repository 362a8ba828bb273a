import { generateKeyPairSync, randomUUID } from 'node:crypto';
import { Types } from 'mongoose';
import request from 'supertest';
import { signNotification, type NotificationSigningKeys } from '../../../server/src/modules/payments/wechatpay.signer';
import { aUser, bearer, type TestUser } from '../../fixtures/users';
import { freePort, spawnApi, type ApiProcess } from '../../helpers/api-process';
import { expectInvariants } from '../../helpers/invariants';
import { startTestApi, type TestApi } from '../../helpers/test-api';
import { aCharity, aLiveCampaign, type CharityWorld } from '../campaigns/campaign-fixtures';
import { paidTransaction, wechatPayConfig } from '../../helpers/wechat-pay-config';

const platform = generateKeyPairSync('rsa', { modulusLength: 2048 });
const SERIAL = 'PUB_KEY_ID_FAULTS_0001';

let api: TestApi;
let world: CharityWorld;
let keys: NotificationSigningKeys;
const processes: ApiProcess[] = [];

/** Another API process on the same store and Redis, configured for real WeChat Pay notifications. */
async function wechatPayReplica(): Promise<ApiProcess> {
  const replica = await spawnApi({
    ...api.config,
    ...wechatPayConfig(platform.publicKey, SERIAL),
    WORKERS_IN_PROCESS: false,
  }, await freePort());
  processes.push(replica);
  return replica;
}

beforeAll(async () => {
  api = await startTestApi();
  keys = { platformPrivateKey: platform.privateKey, platformSerial: SERIAL, apiV3Key: api.config.WECHATPAY_API_V3_KEY };
  world = await aCharity(api);
}, 60_000);
afterAll(async () => {
  for (const p of processes) if (p.child.exitCode === null && p.child.signalCode === null) p.child.kill('SIGTERM');
  await Promise.all(processes.map((p) => p.exited));
  await api.stop();
});


const donate = (url: string, donor: TestUser, campaignId: string, key: string, amountFen: number) =>
  request(url).post(`/api/v1/campaigns/${campaignId}/donations`).set(bearer(donor)).set('idempotency-key', key).send({ amountFen });

const tallyOf = async (campaignId: string) =>
  (await request(api.url).get(`/api/v1/campaigns/${campaignId}`).set(bearer(world.orgAdmin)).expect(200)).body.tally;

describe('the same payment notification delivered to two API processes at once', () => {
  it('when every notification reaches both processes simultaneously (twice each), then each donation is credited once and the tally is exact', async () => {
    const [first, second] = await Promise.all([wechatPayReplica(), wechatPayReplica()]);
    const campaignId = await aLiveCampaign(api, world);
    const donors = await Promise.all(Array.from({ length: 20 }, () => aUser(api, ['donor'])));
    const amounts = donors.map((_, i) => 500 + i * 13);
    const ids = await Promise.all(donors.map(async (donor, i) =>
      (await donate(api.url, donor, campaignId, randomUUID(), amounts[i]!).expect(201)).body.id as string));

    const notifications = ids.map((id, i) => signNotification(paidTransaction(api.config, id, amounts[i]!), keys));
    const deliveries = notifications.flatMap((n) => [first!, second!, second!, first!].map((replica) =>
      request(replica.url).post('/api/v1/payments/wechat/notify').set(n.headers).send(n.body.toString())));
    const answers = await Promise.all(deliveries);

    expect(answers.map((a) => a.status)).toEqual(answers.map(() => 204));
    const ledger = api.runtime.infra.connection.collection('donation_ledger');
    expect(await ledger.countDocuments({ campaignId: new Types.ObjectId(campaignId), kind: 'paid' })).toBe(20);
    expect(await tallyOf(campaignId)).toMatchObject({ raisedFen: amounts.reduce((a, b) => a + b, 0), donorCount: 20 });
    await expectInvariants(api);
  }, 60_000);
});

describe('the API killed in the middle of donations', () => {
  it('when the process dies with SIGKILL while donation requests are in flight and the clients retry with the same Idempotency-Key, then exactly one donation per key', async () => {
    const doomed = await spawnApi(api.config, await freePort());
    processes.push(doomed);
    const campaignId = await aLiveCampaign(api, world);
    const donors = await Promise.all(Array.from({ length: 40 }, () => aUser(api, ['donor'])));
    const attempts = donors.map((donor, i) => ({ donor, key: randomUUID(), amountFen: 100 + i }));

    // Every request is sent; the process is killed the moment the first one has been answered, so
    // some are done, some half-way through (key claimed, donation not yet written) and some not begun.
    const inFlight = attempts.map((a) => donate(doomed.url, a.donor, campaignId, a.key, a.amountFen).then((res) => res, () => null));
    const never = new Promise<never>(() => undefined);
    await Promise.race(inFlight.map((answer) => answer.then((res) => (res?.status === 201 ? res : never))));
    doomed.child.kill('SIGKILL');
    const firstAnswers = await Promise.all(inFlight);
    await doomed.exited;
    const answeredBeforeKill = firstAnswers.filter((res) => res?.status === 201);
    const { connection } = api.runtime.infra;
    const claimed = await connection.collection('donation_keys').countDocuments({ _id: { $in: attempts.map((a) => `${a.donor.id}:${a.key}`) } as never });
    const written = await connection.collection('donations').countDocuments({ campaignId: new Types.ObjectId(campaignId) });
    // What the kill left: keys claimed without their donation are the half-written requests the retries must finish.
    expect(claimed).toBeGreaterThanOrEqual(written);
    expect(written).toBeGreaterThanOrEqual(answeredBeforeKill.length);
    if (process.env.DEBUG_FAULTS) console.log(`before the retries: ${answeredBeforeKill.length} answered, ${claimed} keys claimed, ${written} donations written, of 40`);

    // The clients retry against the API that is still up (another replica behind the balancer).
    const retries = await Promise.all(attempts.map((a) => donate(api.url, a.donor, campaignId, a.key, a.amountFen)));
    expect(retries.map((r) => r.status).every((s) => s === 200 || s === 201)).toBe(true);
    for (const [i, first] of firstAnswers.entries()) {
      if (first?.status === 201) {
        expect(retries[i]!.body.id).toBe(first.body.id);
        expect(retries[i]!.headers['idempotent-replayed']).toBe('true');
      }
    }

    const donations = api.runtime.infra.connection.collection('donations');
    const stored = await donations.find({ campaignId: new Types.ObjectId(campaignId) }).toArray();
    expect(stored).toHaveLength(40);
    expect(new Set(stored.map((d) => String(d._id)))).toEqual(new Set(retries.map((r) => r.body.id as string)));
    // Not a vacuous run: the killed process answered some and was cut off in the middle of others.
    expect(answeredBeforeKill.length).toBeGreaterThan(0);
    expect(answeredBeforeKill.length).toBeLessThan(40);
    await expectInvariants(api);
  }, 60_000);
});
