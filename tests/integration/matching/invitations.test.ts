import request from 'supertest';
import { findRegion } from '@tongxin/shared';
import { eventually } from '../../helpers/eventually';
import { startTestApi, type TestApi } from '../../helpers/test-api';
import { aNeedBody, COMMUNITY } from '../../fixtures/needs';
import { aCommunityStaff, aVolunteer, bearer, type TestUser } from '../../fixtures/users';

const DAY = 86_400_000;
const HOUR = 3_600_000;
const [centreLat, centreLng] = findRegion(COMMUNITY)!.centre;
const START = Math.floor(Date.now() / DAY) * DAY + 4 * DAY + 2 * HOUR; // 10:00 Shanghai, in four days
const homeAt = (km: number) => ({ lat: Number((centreLat + km / 111.32).toFixed(5)), lng: centreLng });

let api: TestApi;
let staff: TestUser;

beforeAll(async () => {
  api = await startTestApi({ INVITATION_WAVE_SIZE: '2', INVITATION_WAVE_DELAY_MS: '300', MATCHING_NEED_RADIUS_KM: '4' });
  staff = await aCommunityStaff(api, COMMUNITY);
});
afterAll(async () => api.stop());

async function invitationsOf(user: TestUser) {
  const res = await request(api.url).get('/api/v1/me/notifications').set(bearer(user)).expect(200);
  return (res.body.items as Array<{ kind: string; data: Record<string, string> }>).filter((n) => n.kind === 'shift-invitation');
}

describe('POST /api/v1/needs/:id/invitations', () => {
  it('when staff invite, then waves of K go out best first, a repeat invites nobody twice, the next wave follows while the shift is not full, and accepting signs up', async () => {
    const volunteers = [await aVolunteer(api, { profile: { homeLocation: homeAt(0.2) } }), await aVolunteer(api, { profile: { homeLocation: homeAt(0.9) } }),
      await aVolunteer(api, { profile: { homeLocation: homeAt(1.8) } })];
    const [first, second, third] = volunteers as [TestUser, TestUser, TestUser];
    const need = await request(api.url).post('/api/v1/needs').set(bearer(staff)).send(aNeedBody({
      shifts: [{ startsAt: new Date(START).toISOString(), endsAt: new Date(START + 2 * HOUR).toISOString(), capacity: 1 }],
    })).expect(201);
    const needId: string = need.body.id;
    const shiftId: string = need.body.shifts[0].id;

    const started = await request(api.url).post(`/api/v1/needs/${needId}/invitations`).set(bearer(staff)).send({ shiftId }).expect(201);
    expect(started.body.sent).toEqual({ wave: 1, invited: 2 });
    const again = await request(api.url).post(`/api/v1/needs/${needId}/invitations`).set(bearer(staff)).send({ shiftId }).expect(201);
    expect(again.body.sent).toEqual({ wave: 1, invited: 0 });

    // The two best (nearest) got one realtime notice each; the third waits for wave 2.
    const [notice] = await eventually(async () => {
      const found = await invitationsOf(first);
      expect(found).toHaveLength(1);
      return found;
    });
    expect(await invitationsOf(second)).toHaveLength(1);
    // Wave 2 after the delay: the shift is not full yet, so the third volunteer is invited too.
    await eventually(async () => expect(await invitationsOf(third)).toHaveLength(1), 8000, 100);
    // Invited volunteers are no longer proposed as candidates.
    const candidates = await request(api.url).get(`/api/v1/needs/${needId}/candidates`).query({ shiftId }).set(bearer(staff)).expect(200);
    expect(candidates.body.items.map((c: { volunteerId: string }) => c.volunteerId)).not.toEqual(expect.arrayContaining([first.id]));

    const invitationId = notice!.data.invitationId!;
    expect((await request(api.url).post(`/api/v1/invitations/${invitationId}/accept`).set(bearer(second))).body.code).toBe('FORBIDDEN');
    const accepted = await request(api.url).post(`/api/v1/invitations/${invitationId}/accept`).set(bearer(first)).expect(200);
    expect(accepted.body).toMatchObject({ status: 'accepted', enrollmentId: `${shiftId}:${first.id}` });
    const mine = await request(api.url).get('/api/v1/me/enrollments').set(bearer(first)).expect(200);
    expect(mine.body.items.map((e: { id: string; status: string }) => [e.id, e.status])).toContainEqual([`${shiftId}:${first.id}`, 'enrolled']);

    // The one place is taken: the next acceptance is refused by the sign-up rules; declining works.
    const secondId = (await invitationsOf(second))[0]!.data.invitationId!;
    const thirdId = (await invitationsOf(third))[0]!.data.invitationId!;
    expect((await request(api.url).post(`/api/v1/invitations/${secondId}/accept`).set(bearer(second))).body.code).toBe('SHIFT_FULL');
    expect((await request(api.url).post(`/api/v1/invitations/${thirdId}/decline`).set(bearer(third)).expect(200)).body.status).toBe('declined');
    expect((await request(api.url).post(`/api/v1/invitations/${thirdId}/accept`).set(bearer(third))).body.code).toBe('INVITATION_CLOSED');

    // Each volunteer's own list shows the answer; nobody sees another's invitations.
    const listOf = async (user: TestUser) => (await request(api.url).get('/api/v1/me/invitations').set(bearer(user)).expect(200)).body.items;
    expect(await listOf(first)).toEqual([expect.objectContaining({ id: invitationId, needId, shiftId, status: 'accepted', enrollmentId: `${shiftId}:${first.id}` })]);
    expect(await listOf(second)).toEqual([expect.objectContaining({ id: secondId, status: 'invited', needTitle: need.body.title })]);
    expect(await listOf(third)).toEqual([expect.objectContaining({ id: thirdId, status: 'declined' })]);
    expect((await request(api.url).get('/api/v1/me/invitations').set(bearer(staff))).body.code).toBe('FORBIDDEN');
  });
});
