import request from 'supertest';
import { startTestApi, type TestApi } from '../../helpers/test-api';
import { aUser, aVolunteer, bearer } from '../../fixtures/users';
import { aSignedUpShift } from '../../fixtures/attendance';
import { Types } from 'mongoose';
import { addMonths } from '../../../server/src/modules/campaigns/disclosure-rules';
import { aCharity, aLiveCampaign, type CharityWorld } from '../campaigns/campaign-fixtures';

const HOUR = 3_600_000;

let api: TestApi;
let world: CharityWorld;

beforeAll(async () => {
  api = await startTestApi({ WORKERS_IN_PROCESS: 'false' });
  world = await aCharity(api, { grade: '4A' });
}, 120_000);
afterAll(() => api.stop());

const credit = (user: { token: string }, id = world.organizationId) => request(api.url).get(`/api/v1/organizations/${id}/credit`).set(bearer(user as never));

describe('GET /api/v1/organizations/:id/credit', () => {
  it('when the organization’s needs had sign-ups, a no-show and verified hours, and users complained, then the signals say so beside its grade', async () => {
    const shifts = [];
    for (let i = 0; i < 3; i++) shifts.push(await aSignedUpShift(api, world.orgAdmin, { startsInMs: 30 * 60_000 }));
    // Their history: the shifts were two days ago; one volunteer did not come, one was verified 5 h after the end.
    const enrollments = api.runtime.infra.connection.collection<{ _id: string }>('enrollments');
    const startsAt = new Date(Date.now() - 48 * HOUR);
    const endsAt = new Date(startsAt.getTime() + HOUR);
    for (const s of shifts) await enrollments.updateOne({ _id: s.enrollmentId }, { $set: { startsAt, endsAt } });
    await enrollments.updateOne({ _id: shifts[0]!.enrollmentId }, { $set: { status: 'no_show' } });
    await api.runtime.infra.connection.collection<{ _id: string }>('service_hours').insertOne({
      _id: `verify:${shifts[1]!.enrollmentId}`, enrollmentId: shifts[1]!.enrollmentId, userId: shifts[1]!.volunteer.id, kind: 'verified', minutes: 60,
      category: 'elderly_visit', year: 2026, verifiedBy: world.orgAdmin.id, createdAt: new Date(endsAt.getTime() + 5 * HOUR),
    } as never);

    const resident = await aVolunteer(api);
    for (const category of ['service', 'disclosure']) {
      await request(api.url).post(`/api/v1/organizations/${world.organizationId}/complaints`).set(bearer(resident))
        .send({ category, description: '活动现场无人组织，志愿者等候很久' }).expect(201);
    }

    const res = await credit(world.orgAdmin).expect(200);
    expect(res.body).toMatchObject({
      organizationId: world.organizationId, grade: '4A', disclosure: { due: 0, onTime: 0, late: 0, overdue: 0, onTimeRate: null },
      noShow: { due: 3, noShows: 1 },
      hourVerification: { verified: 1, medianHours: 5, p90Hours: 5 },
      complaints: { total: 2, last90Days: 2 },
    });
    expect(res.body.noShow.rate).toBeCloseTo(1 / 3, 10);
    expect((await credit(world.cityAdmin).expect(200)).body.noShow.due).toBe(3);
  }, 120_000);

  it('when its campaigns published disclosures on time, late or not at all, then its disclosure timeliness counts each deadline due in the last year', async () => {
    const charity = await aCharity(api);
    const now = Date.now();
    const campaigns = api.runtime.infra.connection.collection('campaigns');
    const disclosures = api.runtime.infra.connection.collection('campaign_disclosures');
    const monthsAgo = (m: number) => addMonths(new Date(now), -m);
    const publish = async (campaignId: string, kind: string, publishedAt: Date) => disclosures.insertOne({
      _id: new Types.ObjectId(), campaignId: new Types.ObjectId(campaignId), kind, title: '公示', body: '善款使用情况', spendingLines: [], publishedAt, by: new Types.ObjectId(charity.orgAdmin.id),
    } as never);
    const reshape = async (id: string, set: Record<string, unknown>) => campaigns.updateOne({ _id: new Types.ObjectId(id) } as never, { $set: set });

    // Live for a year, started 8 months ago: a report 6 months ago met the first deadline (5 months ago),
    // the next (3 months after it: 3 months ago) was met late, 2 months ago; the one after is not due yet.
    const live = await aLiveCampaign(api, charity);
    await reshape(live, { startsAt: monthsAgo(8), endsAt: addMonths(monthsAgo(8), 12) });
    await publish(live, 'progress', monthsAgo(6));
    await publish(live, 'spending', monthsAgo(2));
    // Ended 4 months ago without a full report (due a month ago): overdue.
    const silent = await aLiveCampaign(api, charity);
    await reshape(silent, { status: 'ended', startsAt: monthsAgo(5), endsAt: monthsAgo(4), endedAt: monthsAgo(4) });
    // Ended 5 months ago, full report 3 months ago (due 2 months ago): on time.
    const reported = await aLiveCampaign(api, charity);
    await reshape(reported, { status: 'closed', startsAt: monthsAgo(6), endsAt: monthsAgo(5), endedAt: monthsAgo(5) });
    await publish(reported, 'final', monthsAgo(3));
    // Another organization's overdue campaign does not count here.
    const other = await aCharity(api);
    const elsewhere = await aLiveCampaign(api, other);
    await reshape(elsewhere, { status: 'ended', startsAt: monthsAgo(5), endsAt: monthsAgo(4), endedAt: monthsAgo(4) });

    const res = await credit(charity.orgAdmin, charity.organizationId).expect(200);
    expect(res.body.disclosure).toEqual({ due: 4, onTime: 2, late: 1, overdue: 1, onTimeRate: 0.5 });
    expect((await credit(other.orgAdmin, other.organizationId).expect(200)).body.disclosure).toEqual({ due: 1, onTime: 0, late: 0, overdue: 1, onTimeRate: 0 });
  }, 120_000);

  it('when someone who does not manage the organization asks, then 403; an unknown organization 404; a bad complaint 400', async () => {
    const other = await aCharity(api);
    expect((await credit(other.orgAdmin)).status).toBe(403);
    expect((await credit(await aVolunteer(api))).status).toBe(403);
    expect((await credit(await aUser(api, ['district_admin'], { districtCode: '510104' }))).status).toBe(200);
    expect((await credit(world.cityAdmin, '0123456789abcdef01234567')).status).toBe(404);
    expect((await credit(world.cityAdmin, 'nope')).status).toBe(400);
    const resident = await aVolunteer(api);
    const complain = (body: object, id = world.organizationId) => request(api.url).post(`/api/v1/organizations/${id}/complaints`).set(bearer(resident)).send(body);
    expect((await complain({ category: 'other', description: '短' })).status).toBe(400);
    expect((await complain({ category: 'rude', description: '工作人员态度恶劣' })).status).toBe(400);
    expect((await complain({ category: 'other', description: '工作人员态度恶劣', extra: 1 })).status).toBe(400);
    expect((await complain({ category: 'other', description: '工作人员态度恶劣' }, '0123456789abcdef01234567')).status).toBe(404);
  }, 120_000);
});
