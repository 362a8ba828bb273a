import { randomUUID } from 'node:crypto';
import request from 'supertest';
import { eventually } from '../../helpers/eventually';
import { expectInvariants } from '../../helpers/invariants';
import { startTestApi, type TestApi } from '../../helpers/test-api';
import { aUser, bearer, type TestUser } from '../../fixtures/users';
import { aCharity, aLiveCampaign, type CharityWorld } from '../campaigns/campaign-fixtures';

// A gift whose ledger entry has landed but whose Redis increment is late (a slow insert batch, a
// slow matching draw) used to be counted twice: reconciliation, seeing the ledger quiet, set the live
// tally to the ledger's sums (which include the gift), and then the gift added itself again. Each
// ledger entry is now applied to the live tally at most once.

jest.setTimeout(60_000);

const QUIET_MS = 300;
let api: TestApi;
let world: CharityWorld;

beforeAll(async () => {
  api = await startTestApi({ TALLY_RECONCILE_QUIET_MS: String(QUIET_MS) });
  world = await aCharity(api);
});
afterAll(() => api.stop());

const db = () => api.runtime.infra.connection.db!;

async function pending(donor: TestUser, campaignId: string, amountFen: number): Promise<string> {
  return (await request(api.url).post(`/api/v1/campaigns/${campaignId}/donations`).set(bearer(donor))
    .set('idempotency-key', randomUUID()).send({ amountFen }).expect(201)).body.id;
}
const pay = (donor: TestUser, donationId: string) => request(api.url).post(`/api/v1/payments/sandbox/${donationId}/pay`).set(bearer(donor)).send();
const tallyOf = async (campaignId: string) =>
  (await request(api.url).get(`/api/v1/campaigns/${campaignId}`).set(bearer(world.orgAdmin)).expect(200)).body.tally;

/** Holds the next gift of a campaign between its ledger insert and its tally increment until released. */
function stallNextGift(): { release: () => void; restore: () => void } {
  const funding = api.runtime.modules.campaigns.funding;
  const original = funding.drawMatch.bind(funding);
  let release!: () => void;
  const released = new Promise<void>((resolve) => { release = resolve; });
  funding.drawMatch = async (...args) => {
    funding.drawMatch = original;
    await released;
    return original(...args);
  };
  return { release, restore: () => { funding.drawMatch = original; } };
}

describe('tally reconciliation while a gift is stalled', () => {
  it('when reconciliation runs between a gift\'s ledger entry and its tally increment, then the gift counts once', async () => {
    const campaignId = await aLiveCampaign(api, world);
    const first = await aUser(api, ['donor']);
    await pay(first, await pending(first, campaignId, 1000)).expect(200);
    expect((await tallyOf(campaignId)).raisedFen).toBe(1000);

    const late = await aUser(api, ['donor']);
    const lateId = await pending(late, campaignId, 2500);
    const stall = stallNextGift();
    try {
      const paying = pay(late, lateId).then((r) => r);
      await eventually(async () => expect(await db().collection('donation_ledger').countDocuments({ _id: `${lateId}:paid` as never })).toBe(1), 10_000, 20);
      await new Promise((resolve) => setTimeout(resolve, QUIET_MS + 200)); // the ledger is now "quiet"
      const outcome = await api.runtime.modules.donations.reconcile();
      expect(outcome.repaired).toBeGreaterThanOrEqual(1);
      expect(await tallyOf(campaignId)).toMatchObject({ raisedFen: 3500, donorCount: 2 });

      stall.release();
      expect((await paying).status).toBe(200);
    } finally {
      stall.restore();
    }
    expect(await tallyOf(campaignId)).toMatchObject({ raisedFen: 3500, donorCount: 2 });
    await new Promise((resolve) => setTimeout(resolve, QUIET_MS + 200));
    expect((await api.runtime.modules.donations.reconcile()).repaired).toBe(0);
    await expectInvariants(api);
  });

  it('when a refund is applied after reconciliation already counted it, then it is taken off once', async () => {
    const campaignId = await aLiveCampaign(api, world);
    const donor = await aUser(api, ['donor']);
    const donationId = await pending(donor, campaignId, 4000);
    await pay(donor, donationId).expect(200);
    const funding = api.runtime.modules.campaigns.funding;
    const original = funding.recordRefund.bind(funding);
    let release!: () => void;
    const released = new Promise<void>((resolve) => { release = resolve; });
    funding.recordRefund = async (...args) => { await released; return original(...args); };
    try {
      const refunding = request(api.url).post(`/api/v1/donations/${donationId}/refunds`).set(bearer(world.orgAdmin))
        .set('idempotency-key', randomUUID()).send({ amountFen: 1500, reason: '捐赠人申请退款' }).then((r) => r);
      await eventually(async () => expect(await db().collection('donation_ledger').countDocuments({ _id: `${donationId}:refund:1` as never })).toBe(1), 10_000, 20);
      await new Promise((resolve) => setTimeout(resolve, QUIET_MS + 200));
      await api.runtime.modules.donations.reconcile();
      expect((await tallyOf(campaignId)).raisedFen).toBe(2500);
      release();
      expect((await refunding).status).toBe(201);
    } finally {
      funding.recordRefund = original;
    }
    expect((await tallyOf(campaignId)).raisedFen).toBe(2500);
    await expectInvariants(api);
  });
});
