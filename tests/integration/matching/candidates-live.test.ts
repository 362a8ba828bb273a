import request from 'supertest';
import { findRegion, volunteerProfileSchema } from '@tongxin/shared';
import { freePort, spawnApi, type ApiProcess } from '../../helpers/api-process';
import { eventually } from '../../helpers/eventually';
import { startTestApi, type TestApi } from '../../helpers/test-api';
import { aNeedBody, COMMUNITY, OTHER_COMMUNITY } from '../../fixtures/needs';
import { aCommunityStaff, aUser, aVolunteer, bearer, type TestUser } from '../../fixtures/users';
import { aVolunteerProfileBody } from '../../fixtures/volunteer-profiles';

const DAY = 86_400_000;
const HOUR = 3_600_000;
const [centreLat, centreLng] = findRegion(COMMUNITY)!.centre;
/** Three days ahead at 10:00 Asia/Shanghai (02:00 UTC), inside everyone's daytime availability. */
const START = Math.floor(Date.now() / DAY) * DAY + 3 * DAY + 2 * HOUR;
const shiftAt = (start: number, capacity = 3) => ({
  startsAt: new Date(start).toISOString(), endsAt: new Date(start + 2 * HOUR).toISOString(), capacity,
});
/** A home `km` north of the community centre. */
const homeAt = (km: number) => ({ lat: Number((centreLat + km / 111.32).toFixed(5)), lng: centreLng });

let apiA: TestApi;
let apiB: ApiProcess;
let staff: TestUser;

beforeAll(async () => {
  apiA = await startTestApi();
  // A second replica in its own process, on the same store and Redis prefix: it learns every change over Redis.
  apiB = await spawnApi(apiA.config, await freePort());
  staff = await aCommunityStaff(apiA, COMMUNITY);
}, 60_000);
afterAll(async () => {
  apiB.child.kill('SIGTERM');
  await apiB.exited;
  await apiA.stop();
});

async function candidatesOn(url: string, needId: string, shiftId: string, user = staff) {
  const res = await request(url).get(`/api/v1/needs/${needId}/candidates`).query({ shiftId, limit: 50 }).set(bearer(user));
  expect(res.status).toBe(200);
  return res.body as { items: Array<{ volunteerId: string; maskedName: string; score: number; reasons: Record<string, unknown> }> };
}

/** Polls replica B until `check` passes, and returns how long the change took to show there. */
async function msUntilOnB(check: () => Promise<void>): Promise<number> {
  const started = Date.now();
  await eventually(check, 3000, 25);
  return Date.now() - started;
}

describe('GET /api/v1/needs/:id/candidates across replicas', () => {
  it('when volunteers change profile, sign up elsewhere or deactivate on A, then the next query on process B reflects it within a second', async () => {
    const near = await aVolunteer(apiA, { profile: { homeLocation: homeAt(0.5), realName: '张三' } });
    const middle = await aVolunteer(apiA, { profile: { homeLocation: homeAt(1.5) } });
    const far = await aVolunteer(apiA, { profile: { homeLocation: homeAt(3) } });
    const need = await request(apiA.url).post('/api/v1/needs').set(bearer(staff)).send(aNeedBody({ shifts: [shiftAt(START)] })).expect(201);
    const needId: string = need.body.id;
    const shiftId: string = need.body.shifts[0].id;
    const ours = (items: Array<{ volunteerId: string }>) => items.map((i) => i.volunteerId).filter((id) => [near.id, middle.id, far.id].includes(id));

    // Nearest first, names masked, reasons given — on the replica that never saw the writes.
    await msUntilOnB(async () => expect(ours((await candidatesOn(apiB.url, needId, shiftId)).items)).toEqual([near.id, middle.id, far.id]));
    const first = (await candidatesOn(apiB.url, needId, shiftId)).items.find((i) => i.volunteerId === near.id)!;
    expect(first.maskedName).toBe('张*');
    expect(first.reasons).toMatchObject({
      distanceKm: expect.any(Number), sameCommunity: true, matchedSkills: expect.arrayContaining([{ code: 'elderly_care', label: '助老' }]),
    });
    expect(first.reasons.distanceKm as number).toBeLessThan(1);
    expect((first.reasons.availability as string[])[0]).toMatch(/^周.上午$/);

    // 1. A profile change: the nearest volunteer moves 30 km away, outside the radius.
    const actorOf = (u: TestUser) => ({ userId: u.id, roles: ['volunteer' as const], scopes: {} });
    await apiA.runtime.modules.volunteers.service.saveMine(actorOf(near), volunteerProfileSchema.parse(aVolunteerProfileBody({ homeLocation: homeAt(30) })));
    const moved = await msUntilOnB(async () => expect(ours((await candidatesOn(apiB.url, needId, shiftId)).items)).toEqual([middle.id, far.id]));

    // 2. A new enrollment: the middle volunteer signs up for an overlapping shift of another need, through A.
    const other = await request(apiA.url).post('/api/v1/needs').set(bearer(staff)).send(aNeedBody({ shifts: [shiftAt(START + HOUR)] })).expect(201);
    await request(apiA.url).post(`/api/v1/needs/${other.body.id}/shifts/${other.body.shifts[0].id}/enrollments`).set(bearer(middle)).send({}).expect(201);
    const enrolled = await msUntilOnB(async () => expect(ours((await candidatesOn(apiB.url, needId, shiftId)).items)).toEqual([far.id]));

    // 3. A deactivation: the far volunteer steps back.
    await request(apiA.url).delete('/api/v1/me/volunteer-profile').set(bearer(far)).expect(204);
    const deactivated = await msUntilOnB(async () => expect(ours((await candidatesOn(apiB.url, needId, shiftId)).items)).toEqual([]));

    for (const ms of [moved, enrolled, deactivated]) expect(ms).toBeLessThan(1000);
  });

  it('when a volunteer or staff of another community asks, then it is refused; unknown fields are refused', async () => {
    const need = await request(apiA.url).post('/api/v1/needs').set(bearer(staff)).send(aNeedBody({ shifts: [shiftAt(START)] })).expect(201);
    const path = `/api/v1/needs/${need.body.id}/candidates`;
    const shiftId: string = need.body.shifts[0].id;
    const volunteer = await aVolunteer(apiA);
    const stranger = await aCommunityStaff(apiA, OTHER_COMMUNITY);
    expect((await request(apiA.url).get(path).query({ shiftId }).set(bearer(volunteer))).body.code).toBe('FORBIDDEN');
    expect((await request(apiA.url).get(path).query({ shiftId }).set(bearer(stranger))).body.code).toBe('FORBIDDEN');
    expect((await request(apiA.url).get(path).query({ shiftId, limit: 5 }).set(bearer(await aUser(apiA, ['city_admin'])))).status).toBe(200);
    expect((await request(apiA.url).get(path).query({ shiftId, sort: 'x' }).set(bearer(staff))).body.code).toBe('VALIDATION_FAILED');
  });
});

describe('GET /api/v1/me/recommendations', () => {
  it('when open shifts fit the volunteer, then they are ranked with reasons; a shift they hold or that overlaps it is left out', async () => {
    const volunteer = await aVolunteer(apiA, { profile: { homeLocation: homeAt(0.2) } });
    const need = await request(apiA.url).post('/api/v1/needs').set(bearer(staff)).send(aNeedBody({ shifts: [shiftAt(START + 2 * DAY), shiftAt(START + 3 * DAY)] })).expect(201);
    const [kept, taken] = need.body.shifts as Array<{ id: string }>;
    await request(apiA.url).post(`/api/v1/needs/${need.body.id}/shifts/${taken!.id}/enrollments`).set(bearer(volunteer)).send({}).expect(201);
    const res = await eventually(async () => {
      const r = await request(apiA.url).get('/api/v1/me/recommendations').set(bearer(volunteer)).expect(200);
      expect(r.body.items.map((i: { shiftId: string }) => i.shiftId)).toContain(kept!.id);
      return r;
    });
    const ids = res.body.items.map((i: { shiftId: string }) => i.shiftId);
    expect(ids).not.toContain(taken!.id);
    const item = res.body.items.find((i: { shiftId: string }) => i.shiftId === kept!.id);
    expect(item).toMatchObject({ needId: need.body.id, score: expect.any(Number), reasons: { sameCommunity: true } });
    const scores = res.body.items.map((i: { score: number }) => i.score);
    expect([...scores].sort((a, b) => b - a)).toEqual(scores);
  });
});
