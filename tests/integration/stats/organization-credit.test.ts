import request from 'supertest';
import { startTestApi, type TestApi } from '../../helpers/test-api';
import { aUser, aVolunteer, bearer } from '../../fixtures/users';
import { aSignedUpShift } from '../../fixtures/attendance';
import { aCharity, type CharityWorld } from '../campaigns/campaign-fixtures';

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
      organizationId: world.organizationId, grade: '4A', disclosure: null,
      noShow: { due: 3, noShows: 1 },
      hourVerification: { verified: 1, medianHours: 5, p90Hours: 5 },
      complaints: { total: 2, last90Days: 2 },
    });
    expect(res.body.noShow.rate).toBeCloseTo(1 / 3, 10);
    expect((await credit(world.cityAdmin).expect(200)).body.noShow.due).toBe(3);
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
