import request from 'supertest';
import { findRegion, shanghaiDayOf, SKILL_CODES, type DeliveryCandidatesView, type NotificationView } from '@tongxin/shared';
import { startTestApi, type TestApi } from '../../helpers/test-api';
import { expectInvariants } from '../../helpers/invariants';
import { aMealPointBody, anElderBody } from '../../fixtures/meal-points';
import { COMMUNITY } from '../../fixtures/needs';
import { aCommunityStaff, aUser, aVolunteer, bearer, type TestUser } from '../../fixtures/users';

const [centreLat, centreLng] = findRegion(COMMUNITY)!.centre;
const homeAt = (km: number) => ({ lat: Number((centreLat + km / 111.32).toFixed(5)), lng: centreLng });
const date = shanghaiDayOf(new Date(Date.now() + 2 * 86_400_000));

let api: TestApi;
let operator: TestUser;
let pointId: string;
let taskId: string;

beforeAll(async () => {
  api = await startTestApi();
  const staff = await aCommunityStaff(api, COMMUNITY);
  operator = await aUser(api, ['meal_point_operator']);
  pointId = (await request(api.url).post('/api/v1/meal-points').set(bearer(operator))
    .send(aMealPointBody({ location: { lat: centreLat, lng: centreLng } })).expect(201)).body.id;
  const elder = (await request(api.url).post('/api/v1/elders').set(bearer(staff)).send(anElderBody()).expect(201)).body;
  await request(api.url).post(`/api/v1/meal-points/${pointId}/bookings`).set(bearer(staff))
    .send({ elderId: elder.id, date, meal: 'lunch', mode: 'delivery' }).expect(201);
  // Formed while nobody with the delivery skill lives nearby: the engine offered it to no one.
  [taskId] = (await api.runtime.modules.mealPoints.deliveryTasks.form(pointId, date, 'lunch')) as [string];
});
afterAll(() => api.stop());

const candidatesUrl = () => `/api/v1/delivery-tasks/${taskId}/candidates`;
const invitationsUrl = () => `/api/v1/delivery-tasks/${taskId}/invitations`;
const picker = async (user: TestUser): Promise<DeliveryCandidatesView> => (await request(api.url).get(candidatesUrl()).set(bearer(user)).expect(200)).body;
const offersTo = async (user: TestUser): Promise<NotificationView[]> =>
  ((await request(api.url).get('/api/v1/me/notifications?limit=100').set(bearer(user)).expect(200)).body.items as NotificationView[])
    .filter((n) => n.id.startsWith(`delivery-offer:${taskId}:`));

describe('GET /api/v1/delivery-tasks/:id/candidates and POST …/invitations (the operator\'s delivery-volunteer picker)', () => {
  it('when volunteers with the delivery skill live nearby, then the operator sees them ranked with reasons and masked names, invites, and learns the taker\'s name', async () => {
    const near = await aVolunteer(api, { profile: { realName: '李红梅', homeLocation: homeAt(0.2) } });
    const farther = await aVolunteer(api, { profile: { realName: '赵建国', homeLocation: homeAt(0.9) } });
    const driverOnly = await aVolunteer(api, { profile: { homeLocation: homeAt(0.1), skills: SKILL_CODES.filter((s) => s !== 'delivery') } });
    const faraway = await aVolunteer(api, { profile: { homeLocation: homeAt(12) } });

    const first = await picker(operator);
    expect(first.task).toMatchObject({ id: taskId, status: 'offered', volunteerUserId: null });
    expect(first.radiusKm).toBe(3);
    expect(first.invitees).toEqual([]);
    // Ranked by the engine: the delivery skill required, within the point's radius; nearest first here.
    expect(first.candidates.map((c) => c.volunteerId)).toEqual([near.id, farther.id]);
    const [top] = first.candidates;
    expect(top!.maskedName).toMatch(/^李\*+$/);
    expect(top!.reasons.distanceKm).toBeCloseTo(0.2, 1);
    expect(top!.reasons.availability.length).toBeGreaterThan(0);
    expect(top!.reasons.matchedSkills.map((s) => s.code)).toContain('delivery');
    expect(JSON.stringify(first)).not.toMatch(/李红梅|赵建国|幸福北街 8 号/);

    // Only volunteers the engine proposes may be invited: not the one without the skill, not the far one.
    for (const outsider of [driverOnly, faraway]) {
      const refused = await request(api.url).post(invitationsUrl()).set(bearer(operator)).send({ volunteerIds: [outsider.id] });
      expect([refused.status, refused.body.code]).toEqual([400, 'VALIDATION_FAILED']);
    }
    expect((await request(api.url).post(invitationsUrl()).set(bearer(operator)).send({ volunteerIds: [near.id, near.id] })).status).toBe(400);
    expect((await request(api.url).post(invitationsUrl()).set(bearer(operator)).send({ volunteerIds: [] })).status).toBe(400);

    const sent = await request(api.url).post(invitationsUrl()).set(bearer(operator)).send({ volunteerIds: [near.id, farther.id] }).expect(201);
    expect(sent.body.invited).toBe(2);
    expect(sent.body.candidates).toEqual([]);
    expect(sent.body.invitees.map((i: { volunteerId: string; status: string; invitedBy: string }) => [i.volunteerId, i.status, i.invitedBy]))
      .toEqual([[near.id, 'invited', 'operator'], [farther.id, 'invited', 'operator']]);
    // Inviting again tells nobody twice.
    expect((await request(api.url).post(invitationsUrl()).set(bearer(operator)).send({ volunteerIds: [near.id] }).expect(201)).body.invited).toBe(0);
    expect(await offersTo(near)).toHaveLength(1);
    expect(await offersTo(driverOnly)).toEqual([]);

    // One says no (the offer leaves their list), the other takes the task through the ordinary accept.
    expect((await request(api.url).post(`/api/v1/delivery-tasks/${taskId}/decline`).set(bearer(farther)).expect(200)).body).toEqual({ taskId, declined: true });
    expect((await request(api.url).get('/api/v1/me/delivery-tasks').set(bearer(farther)).expect(200)).body.items).toEqual([]);
    expect((await request(api.url).post(`/api/v1/delivery-tasks/${taskId}/decline`).set(bearer(driverOnly))).status).toBe(403);
    await request(api.url).post(`/api/v1/delivery-tasks/${taskId}/accept`).set(bearer(near)).expect(200);
    const declineTaken = await request(api.url).post(`/api/v1/delivery-tasks/${taskId}/decline`).set(bearer(near));
    expect([declineTaken.status, declineTaken.body.code]).toEqual([409, 'DELIVERY_TASK_ACCEPTED']);

    const after = await picker(operator);
    expect(after.task).toMatchObject({ status: 'claimed', volunteerUserId: near.id });
    expect(after.candidates).toEqual([]);
    expect(after.invitees.map((i) => [i.volunteerId, i.status, i.name])).toEqual([
      [near.id, 'accepted', '李红梅'],
      [farther.id, 'declined', after.invitees[1]!.name],
    ]);
    expect(after.invitees[1]!.name).toMatch(/^赵\*+$/);
    const late = await request(api.url).post(invitationsUrl()).set(bearer(operator)).send({ volunteerIds: [faraway.id] });
    expect([late.status, late.body.code]).toEqual([409, 'DELIVERY_TASK_TAKEN']);
    await expectInvariants(api);
  }, 120_000);

  it('when someone other than the point\'s own operators asks, then they are refused, officials included; bad input is refused', async () => {
    const otherPoint = (await request(api.url).post('/api/v1/meal-points').set(bearer(operator)).send(aMealPointBody({ name: '另一个长者食堂' })).expect(201)).body.id as string;
    const refused = [
      await aUser(api, ['meal_point_operator'], { mealPointId: otherPoint }),
      await aUser(api, ['district_admin'], { districtCode: '510104' }),
      await aUser(api, ['city_admin']),
      await aCommunityStaff(api, COMMUNITY),
      await aVolunteer(api),
    ];
    for (const user of refused) {
      const read = await request(api.url).get(candidatesUrl()).set(bearer(user));
      const invite = await request(api.url).post(invitationsUrl()).set(bearer(user)).send({ volunteerIds: [user.id] });
      expect([read.status, read.body.code, invite.status, invite.body.code]).toEqual([403, 'FORBIDDEN', 403, 'FORBIDDEN']);
    }
    // An operator scoped to the point (not its registrant) is one of its operators.
    const scoped = await aUser(api, ['meal_point_operator'], { mealPointId: pointId });
    expect((await request(api.url).get(candidatesUrl()).set(bearer(scoped))).status).toBe(200);
    expect((await request(api.url).get(`${candidatesUrl()}?limit=0`).set(bearer(operator))).status).toBe(400);
    expect((await request(api.url).get(`${candidatesUrl()}?radiusKm=50`).set(bearer(operator))).status).toBe(400);
    expect((await request(api.url).get('/api/v1/delivery-tasks/not-a-task/candidates').set(bearer(operator))).status).toBe(400);
    expect((await request(api.url).get(`/api/v1/delivery-tasks/${pointId}_${date}_lunch_9/candidates`).set(bearer(operator))).status).toBe(404);
    expect((await request(api.url).post(invitationsUrl()).set(bearer(operator)).send({ volunteerIds: ['x'] })).status).toBe(400);
  }, 120_000);
});
