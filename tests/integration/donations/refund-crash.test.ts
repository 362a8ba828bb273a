import { randomUUID } from 'node:crypto';
import { Types } from 'mongoose';
import request from 'supertest';
import { checkInvariants } from '../../../scripts/lib/invariants';
import { DonationsRepository } from '../../../server/src/modules/donations/donations.repository';
import { refundId, type RefundRequestRecord } from '../../../server/src/modules/donations/refunds.repository';
import { expectInvariants } from '../../helpers/invariants';
import { startTestApi, type TestApi } from '../../helpers/test-api';
import { aUser, bearer, type TestUser } from '../../fixtures/users';
import { aCharity, aLiveCampaign, aPaidDonation, type CharityWorld } from '../campaigns/campaign-fixtures';

// "The process died between A and B", played by running A's own steps (the repository's inserts and
// moves, the funding's draw) and never B, on the real store and Redis; then reconciliation must finish
// what B would have done, once.

jest.setTimeout(90_000);

let api: TestApi;
let world: CharityWorld;
let repository: DonationsRepository;

beforeAll(async () => {
  api = await startTestApi({ TALLY_RECONCILE_QUIET_MS: '0' });
  world = await aCharity(api);
  repository = new DonationsRepository(api.runtime.infra.connection);
});
afterAll(() => api.stop());

const campaignOf = async (id: string) => (await request(api.url).get(`/api/v1/campaigns/${id}`).set(bearer(world.orgAdmin)).expect(200)).body;
const aPool = (campaignId: string, capFen: number) => request(api.url).post(`/api/v1/campaigns/${campaignId}/matching-pool`).set(bearer(world.orgAdmin))
  .send({ sponsorName: '成都某银行', ratioPercent: 100, capFen, perDonorDailyCapFen: capFen }).expect(201);
const noticesOf = async (user: TestUser, kind: string) =>
  ((await request(api.url).get('/api/v1/me/notifications').set(bearer(user)).expect(200)).body.items as Array<{ id: string; kind: string; title: string }>)
    .filter((n) => n.kind === kind);
const storedRefund = (id: string) => api.runtime.infra.connection.collection('donation_refunds').findOne({ _id: id as never });
const auditsOf = (donationId: string) =>
  api.runtime.infra.connection.collection('audit_entries').countDocuments({ action: 'donation:refund-result', subjectId: donationId });

/** The refund request as DonationRefunds writes it before asking the provider. */
async function aRefundRequest(donationId: string, amountFen: number, matchReturnedFen: number, by: TestUser): Promise<RefundRequestRecord> {
  const donation = (await repository.findDonation(donationId))!;
  const at = new Date();
  const refund: RefundRequestRecord = {
    _id: refundId(donation._id, 1), donationId: donation._id, campaignId: donation.campaignId, organizationId: donation.organizationId,
    userId: donation.userId, amountFen, matchReturnedFen, reason: '捐赠人申请退款', by: new Types.ObjectId(by.id),
    idempotencyKey: randomUUID(), status: 'processing', requestedAt: at, updatedAt: at,
  };
  expect(await repository.refunds.insert(refund)).toBe(true);
  return refund;
}

/** RefundResults' first step on SUCCESS: the ledger entry, the gate. */
async function itsLedgerEntry(refund: RefundRequestRecord, recordedAt = new Date()): Promise<void> {
  expect(await repository.appendLedger({
    _id: refund._id, kind: 'refund', donationId: refund.donationId, campaignId: refund.campaignId, userId: refund.userId,
    amountFen: refund.amountFen, matchReturnedFen: refund.matchReturnedFen, reason: refund.reason, by: refund.by,
    idempotencyKey: refund.idempotencyKey, at: recordedAt, recordedAt,
  })).toBe(true);
}

describe('reconciliation after a crash in a refund', () => {
  it('when the process died between a refund\'s ledger entry and the tally moving, then reconciliation gives the matched share back to the pool too, once', async () => {
    const campaignId = await aLiveCampaign(api, world);
    await aPool(campaignId, 10_000);
    const { id } = await aPaidDonation(api, campaignId, 2000);
    expect(await campaignOf(campaignId)).toMatchObject({ tally: { raisedFen: 2000, matchedFen: 2000 }, matching: { remainingFen: 8000 } });

    const refund = await aRefundRequest(id, 800, 800, world.orgAdmin);
    await itsLedgerEntry(refund);
    const target = { db: api.runtime.infra.connection.db!, redis: api.runtime.infra.redis, redisPrefix: api.config.REDIS_PREFIX };
    expect((await checkInvariants(target)).violations).toContain(`matching pool ${campaignId}: 8000 fen left, cap 10000 − net matched 1200 says 8800`);

    expect((await api.runtime.modules.donations.reconcile()).repaired).toBeGreaterThanOrEqual(1);
    expect(await campaignOf(campaignId)).toMatchObject({ tally: { raisedFen: 1200, matchedFen: 1200 }, matching: { remainingFen: 8800 } });

    // The provider's success, replayed after the repair, finds its entry written and moves only the status.
    expect(await api.runtime.modules.donations.refundResults.apply({ refundId: refund._id, donationId: id, status: 'SUCCESS', amountFen: 800 })).toBe('succeeded');
    expect(await campaignOf(campaignId)).toMatchObject({ tally: { raisedFen: 1200, matchedFen: 1200 }, matching: { remainingFen: 8800 } });
    expect((await api.runtime.modules.donations.reconcile()).repaired).toBe(0);
    await expectInvariants(api);
  });

  it('when the process died between a matching draw and its match entry, then reconciliation gives the draw back to the pool', async () => {
    const campaignId = await aLiveCampaign(api, world);
    await aPool(campaignId, 5000);
    const { donor } = await aPaidDonation(api, campaignId, 1000);
    expect(await api.runtime.modules.campaigns.funding.drawMatch(new Types.ObjectId(campaignId), donor.id, 1500, new Date())).toBe(1500);
    expect((await campaignOf(campaignId)).matching.remainingFen).toBe(2500);

    expect((await api.runtime.modules.donations.reconcile()).repaired).toBeGreaterThanOrEqual(1);
    expect(await campaignOf(campaignId)).toMatchObject({ tally: { raisedFen: 1000, matchedFen: 1000 }, matching: { remainingFen: 4000 } });
    await expectInvariants(api);
  });

  it('when the process died between a refund\'s status move and its notices, then reconciliation tells the donor and every admin of the organization, and audits it, once', async () => {
    const charity = await aCharity(api);
    const secondAdmin = await aUser(api, ['org_admin'], { organizationId: charity.organizationId });
    const campaignId = await aLiveCampaign(api, charity);
    const { donor, id } = await aPaidDonation(api, campaignId, 3000);
    const refund = await aRefundRequest(id, 1000, 0, charity.orgAdmin);
    await itsLedgerEntry(refund);
    await api.runtime.modules.campaigns.funding.recordRefund(refund.campaignId, 1000, 0, { id: refund._id, recordedAt: new Date() });
    // The status moves (two minutes ago), then nothing: no audit entry, no notice.
    const movedAt = new Date(Date.now() - 120_000);
    expect(await repository.refunds.move(refund._id, ['processing'], { status: 'succeeded', succeededAt: movedAt, updatedAt: movedAt })).not.toBeNull();
    expect(await noticesOf(donor, 'refund-result')).toEqual([]);

    await api.runtime.modules.donations.reconcile();
    expect(await noticesOf(donor, 'refund-result')).toEqual([expect.objectContaining({ id: `refund-result:${refund._id}:succeeded`, title: '退款已到账' })]);
    for (const admin of [charity.orgAdmin, secondAdmin]) {
      expect(await noticesOf(admin, 'refund-handling')).toEqual([
        expect.objectContaining({ id: `refund-handling:${refund._id}:succeeded:${admin.id}`, title: '退款已完成' }),
      ]);
    }
    expect(await noticesOf(world.orgAdmin, 'refund-handling')).not.toContainEqual(expect.objectContaining({ id: expect.stringContaining(refund._id) }));
    expect(await auditsOf(id)).toBe(1);
    expect(await storedRefund(refund._id)).not.toHaveProperty('noticeOwed');

    await api.runtime.modules.donations.reconcile();
    expect(await auditsOf(id)).toBe(1);
    expect(await noticesOf(donor, 'refund-result')).toHaveLength(1);
    await expectInvariants(api);
  });

  it('when a refund succeeds without a crash, then every admin of the organization is told at once and nothing is left owed', async () => {
    const charity = await aCharity(api);
    const secondAdmin = await aUser(api, ['org_admin'], { organizationId: charity.organizationId });
    const campaignId = await aLiveCampaign(api, charity);
    const { id } = await aPaidDonation(api, campaignId, 3000);
    const done = await request(api.url).post(`/api/v1/donations/${id}/refunds`).set(bearer(secondAdmin)).set('idempotency-key', randomUUID())
      .send({ amountFen: 500, reason: '捐赠人申请退款' }).expect(201);
    expect(done.body.status).toBe('succeeded');
    for (const admin of [charity.orgAdmin, secondAdmin]) {
      expect(await noticesOf(admin, 'refund-handling')).toEqual([expect.objectContaining({ id: `refund-handling:${done.body.id}:succeeded:${admin.id}` })]);
    }
    expect(await storedRefund(done.body.id)).not.toHaveProperty('noticeOwed');
    expect(await auditsOf(id)).toBe(1);
  });
});
