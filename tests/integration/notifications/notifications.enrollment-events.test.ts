import request from 'supertest';
import type { NotificationView } from '@tongxin/shared';
import { startTestApi, type TestApi } from '../../helpers/test-api';
import { connectSocket, nextEvent } from '../../helpers/sockets';
import { aNeedBody, aShift, COMMUNITY } from '../../fixtures/needs';
import { aCommunityStaff, aVolunteer, bearer, type TestUser } from '../../fixtures/users';

const HOUR = 3_600_000;
let api: TestApi;
let staff: TestUser;

beforeAll(async () => {
  api = await startTestApi();
  staff = await aCommunityStaff(api, COMMUNITY);
});
afterAll(() => api.stop());


async function postNeed(shift = aShift(72 * HOUR, 1)) {
  const res = await request(api.url).post('/api/v1/needs').set(bearer(staff)).send(aNeedBody({ shifts: [shift] })).expect(201);
  return { needId: res.body.id as string, shiftId: res.body.shifts[0].id as string };
}

const signUp = (user: TestUser, needId: string, shiftId: string, waitlist = false) =>
  request(api.url).post(`/api/v1/needs/${needId}/shifts/${shiftId}/enrollments`).set(bearer(user)).send({ waitlist });

const inboxOf = async (user: TestUser): Promise<NotificationView[]> =>
  (await request(api.url).get('/api/v1/me/notifications').set(bearer(user)).expect(200)).body.items;

describe('enrollment events into the inbox', () => {
  it('when staff cancel a need, then each signed-up volunteer finds one notice with the reason, pushed live', async () => {
    const { needId, shiftId } = await postNeed(aShift(72 * HOUR, 2));
    const volunteer = await aVolunteer(api);
    const enrolled = await signUp(volunteer, needId, shiftId).expect(201);
    const socket = await connectSocket(api.url, volunteer.token);
    try {
      const pushed = nextEvent(socket, 'notification:created', (e) => e.kind === 'enrollment-cancelled');
      await request(api.url).post(`/api/v1/needs/${needId}/cancel`).set(bearer(staff)).send({ reason: '天气原因，活动取消' }).expect(200);
      expect(await pushed).toMatchObject({ data: { enrollmentId: enrolled.body.id, needId, shiftId } });
    } finally {
      socket.close();
    }
    const items = await inboxOf(volunteer);
    expect(items).toHaveLength(1);
    expect(items[0]).toMatchObject({ kind: 'enrollment-cancelled', title: '服务需求已取消', id: expect.stringMatching(/^enrollment-cancelled:.+@\d+$/) });
    expect(items[0]!.body).toContain('天气原因，活动取消');
  });

  it('when a place frees up, then the promoted volunteer finds a notice and the canceller none', async () => {
    const { needId, shiftId } = await postNeed();
    const [holder, waiting] = await Promise.all([aVolunteer(api), aVolunteer(api)]);
    // A promotion three days ahead is not urgent: without this, a run in quiet hours would hold it back.
    await request(api.url).put('/api/v1/me/notification-preferences').set(bearer(waiting))
      .send({ quietHours: { enabled: false, start: '22:00', end: '08:00' } }).expect(200);
    const held = await signUp(holder, needId, shiftId).expect(201);
    expect((await signUp(waiting, needId, shiftId, true)).body.status).toBe('waitlisted');
    await request(api.url).delete(`/api/v1/enrollments/${held.body.id}`).set(bearer(holder)).expect(200);
    const items = await inboxOf(waiting);
    expect(items).toHaveLength(1);
    expect(items[0]).toMatchObject({ kind: 'enrollment-promoted', title: '候补成功', data: { enrollmentId: `${shiftId}:${waiting.id}` } });
    expect(await inboxOf(holder)).toEqual([]);
  });

  it('when a shift moves twice, then the volunteer has one notice per new time, unread', async () => {
    const { needId, shiftId } = await postNeed(aShift(72 * HOUR, 2));
    const volunteer = await aVolunteer(api);
    await signUp(volunteer, needId, shiftId).expect(201);
    for (const hours of [96, 120]) {
      await request(api.url).put(`/api/v1/needs/${needId}/shifts/${shiftId}`).set(bearer(staff)).send(aShift(hours * HOUR, 2)).expect(200);
    }
    const page = (await request(api.url).get('/api/v1/me/notifications').set(bearer(volunteer)).expect(200)).body;
    expect(page.unreadCount).toBe(2);
    expect(page.items.map((n: NotificationView) => n.kind)).toEqual(['shift-moved', 'shift-moved']);
    expect(page.items[0].title).toBe('班次时间调整');
  });
});
