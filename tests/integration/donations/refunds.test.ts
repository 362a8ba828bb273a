import { randomUUID } from 'node:crypto';
import { Types } from 'mongoose';
import request from 'supertest';
import { expectInvariants } from '../../helpers/invariants';
import { startTestApi, type TestApi } from '../../helpers/test-api';
import { aUser, bearer, type TestUser } from '../../fixtures/users';
import { aCharity, aLiveCampaign, aPaidDonation, type CharityWorld } from '../campaigns/campaign-fixtures';

let api: TestApi;
let world: CharityWorld;

beforeAll(async () => {
  api = await startTestApi({ TALLY_RECONCILE_QUIET_MS: '0' });
  world = await aCharity(api);
});
afterAll(() => api.stop());

const refund = (user: TestUser, donationId: string, body: object, key = randomUUID()) =>
  request(api.url).post(`/api/v1/donations/${donationId}/refunds`).set(bearer(user)).set('idempotency-key', key).send(body);
const campaignOf = async (id: string) => (await request(api.url).get(`/api/v1/campaigns/${id}`).set(bearer(world.orgAdmin)).expect(200)).body;

describe('POST /api/v1/donations/:donationId/refunds', () => {
  it('when an org admin refunds part and then the rest, then totals, matching and the pool go back, and a replayed key changes nothing', async () => {
    const campaignId = await aLiveCampaign(api, world);
    await request(api.url).post(`/api/v1/campaigns/${campaignId}/matching-pool`).set(bearer(world.orgAdmin))
      .send({ sponsorName: '成都某银行', ratioPercent: 100, capFen: 10_000, perDonorDailyCapFen: 10_000 }).expect(201);
    const { donor, id } = await aPaidDonation(api, campaignId, 1000);
    expect(await campaignOf(campaignId)).toMatchObject({ tally: { raisedFen: 1000, matchedFen: 1000 }, matching: { remainingFen: 9000 } });

    const key = randomUUID();
    const first = await refund(world.orgAdmin, id, { amountFen: 400, reason: '捐赠人申请部分退款' }, key);
    expect(first.status).toBe(201);
    // The sandbox reports the result in a signed REFUND.SUCCESS before it answers, so the refund is done.
    expect(first.body).toMatchObject({ donationId: id, status: 'succeeded', amountFen: 400, matchReturnedFen: 400, donation: { refundedFen: 400, status: 'paid' } });
    const again = await refund(world.orgAdmin, id, { amountFen: 400, reason: '捐赠人申请部分退款' }, key);
    expect(again.status).toBe(200);
    expect(again.headers['idempotent-replayed']).toBe('true');
    expect(again.body.id).toBe(first.body.id);
    expect((await refund(world.orgAdmin, id, { amountFen: 500, reason: '捐赠人申请部分退款' }, key)).body.code).toBe('IDEMPOTENCY_KEY_REUSED');
    expect(await campaignOf(campaignId)).toMatchObject({ tally: { raisedFen: 600, matchedFen: 600, donorCount: 1 }, matching: { remainingFen: 9400 } });

    expect((await refund(world.orgAdmin, id, { amountFen: 601, reason: '超过可退金额' })).body.code).toBe('REFUND_NOT_ALLOWED');
    const rest = await refund(world.orgAdmin, id, { amountFen: 600, reason: '项目调整，全额退回' }).expect(201);
    expect(rest.body).toMatchObject({ amountFen: 600, matchReturnedFen: 600, donation: { refundedFen: 1000 } });
    expect(await campaignOf(campaignId)).toMatchObject({ tally: { raisedFen: 0, matchedFen: 0 }, matching: { remainingFen: 10_000 } });
    const mine = await request(api.url).get(`/api/v1/donations/${id}`).set(bearer(donor)).expect(200);
    expect(mine.body.refundedFen).toBe(1000);

    // The ledger agrees: reconciliation writes the same totals into the store and leaves Redis alone.
    await api.runtime.modules.donations.reconcile();
    const stored = await api.runtime.infra.connection.collection('campaigns').findOne({ _id: new Types.ObjectId(campaignId) });
    expect(stored).toMatchObject({ raisedFen: 0, matchedFen: 0, donorCount: 1 });
    expect((await api.runtime.modules.donations.reconcile()).repaired).toBe(0);
    await expectInvariants(api);
  }, 60_000);

  it('when five refunds of 300 race on a 1,000 fen donation, then exactly three succeed', async () => {
    const campaignId = await aLiveCampaign(api, world);
    const { id } = await aPaidDonation(api, campaignId, 1000);
    const answers = await Promise.all(Array.from({ length: 5 }, () => refund(world.orgAdmin, id, { amountFen: 300, reason: '并发退款测试' })));
    expect(answers.filter((a) => a.status === 201)).toHaveLength(3);
    expect(answers.filter((a) => a.status === 409).every((a) => a.body.code === 'REFUND_NOT_ALLOWED')).toBe(true);
    expect((await campaignOf(campaignId)).tally.raisedFen).toBe(100);
    await expectInvariants(api);
  }, 60_000);

  it('when another organization’s admin, the donor or a city admin asks, or the donation is unpaid, then it is refused and nothing changes', async () => {
    const campaignId = await aLiveCampaign(api, world);
    const { donor, id } = await aPaidDonation(api, campaignId, 2000);
    const otherOrg = await aCharity(api);
    expect((await refund(otherOrg.orgAdmin, id, { amountFen: 100, reason: '不是我们的捐赠' })).status).toBe(403);
    expect((await refund(donor, id, { amountFen: 100, reason: '我想要回来' })).status).toBe(403);
    expect((await refund(world.cityAdmin, id, { amountFen: 100, reason: '民政局代退' })).status).toBe(403);
    const unpaid = await request(api.url).post(`/api/v1/campaigns/${campaignId}/donations`).set(bearer(donor))
      .set('idempotency-key', randomUUID()).send({ amountFen: 500 }).expect(201);
    expect((await refund(world.orgAdmin, unpaid.body.id, { amountFen: 100, reason: '尚未支付' })).body.code).toBe('REFUND_NOT_ALLOWED');
    expect((await refund(world.orgAdmin, id, { amountFen: 100, reason: '' })).status).toBe(400);
    expect((await campaignOf(campaignId)).tally.raisedFen).toBe(2000);
  }, 60_000);
});
