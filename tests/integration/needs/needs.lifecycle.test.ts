import request from 'supertest';
import { startTestApi, type TestApi } from '../../helpers/test-api';
import { connectSocket, nextEvent } from '../../helpers/sockets';
import { aNeedBody, aShift, COMMUNITY, OTHER_COMMUNITY } from '../../fixtures/needs';
import { aCommunityStaff, aVolunteer, bearer, type TestUser } from '../../fixtures/users';

let api: TestApi;
let staff: TestUser;

beforeAll(async () => {
  api = await startTestApi();
  staff = await aCommunityStaff(api, COMMUNITY);
});
afterAll(() => api.stop());

const HOUR = 3_600_000;
const DAY = 24 * HOUR;

async function postNeed(body = aNeedBody()) {
  const res = await request(api.url).post('/api/v1/needs').set(bearer(staff)).send(body);
  expect(res.status).toBe(201);
  return res.body as { id: string; status: string; shifts: Array<{ id: string; startsAt: string; capacity: number; slotsLeft: number }> };
}

const signUp = (user: TestUser, needId: string, shiftId: string) =>
  request(api.url).post(`/api/v1/needs/${needId}/shifts/${shiftId}/enrollments`).set(bearer(user)).send({});

describe('drafts and publishing', () => {
  it('when a need is saved as a draft, then volunteers neither see nor join it until staff publish it', async () => {
    const draft = await postNeed(aNeedBody({ title: '草稿需求', publish: false }));
    expect(draft.status).toBe('draft');
    const volunteer = await aVolunteer(api);
    expect((await signUp(volunteer, draft.id, draft.shifts[0]!.id)).body.code).toBe('NEED_NOT_OPEN');
    const list = await request(api.url).get(`/api/v1/needs?communityCode=${COMMUNITY}&limit=100`).set(bearer(volunteer));
    expect(list.body.items.some((n: { id: string }) => n.id === draft.id)).toBe(false);

    expect((await request(api.url).post(`/api/v1/needs/${draft.id}/publish`).set(bearer(volunteer))).status).toBe(403);
    const published = await request(api.url).post(`/api/v1/needs/${draft.id}/publish`).set(bearer(staff));
    expect(published.body.status).toBe('open');
    expect((await request(api.url).post(`/api/v1/needs/${draft.id}/publish`).set(bearer(staff))).status).toBe(409);
    expect((await signUp(volunteer, draft.id, draft.shifts[0]!.id)).status).toBe(201);
  });

  it('when a weekly rule repeats a shift for 3 weeks, then 3 shifts a week apart; too many is refused', async () => {
    const need = await postNeed(aNeedBody({ recurrence: { weeks: 3 } }));
    const starts = need.shifts.map((s) => Date.parse(s.startsAt));
    expect(starts).toHaveLength(3);
    expect(starts[1]! - starts[0]!).toBe(7 * DAY);
    expect(starts[2]! - starts[1]!).toBe(7 * DAY);
    const tooMany = await request(api.url).post('/api/v1/needs').set(bearer(staff))
      .send(aNeedBody({ shifts: Array.from({ length: 6 }, (_, i) => aShift((i + 2) * DAY)), recurrence: { weeks: 12 } }));
    expect(tooMany.body.errors[0].path).toBe('recurrence.weeks');
  });

  it('when every upcoming shift is full, then the need shows as filled', async () => {
    const need = await postNeed(aNeedBody({ shifts: [aShift(2 * DAY, 1)] }));
    await signUp(await aVolunteer(api), need.id, need.shifts[0]!.id).expect(201);
    const view = await request(api.url).get(`/api/v1/needs/${need.id}`).set(bearer(staff));
    expect(view.body.status).toBe('filled');
  });
});

describe('POST /api/v1/needs/:id/cancel', () => {
  it('when staff cancel, then every signed-up volunteer is told, their sign-ups and reminders go, and no one can join', async () => {
    const need = await postNeed();
    const shiftId = need.shifts[0]!.id;
    const volunteer = await aVolunteer(api);
    const enrollment = await signUp(volunteer, need.id, shiftId).expect(201);
    const socket = await connectSocket(api.url, volunteer.token);
    try {
      expect((await request(api.url).post(`/api/v1/needs/${need.id}/cancel`).set(bearer(await aCommunityStaff(api, OTHER_COMMUNITY)))
        .send({ reason: '天气原因' })).status).toBe(403);
      expect((await request(api.url).post(`/api/v1/needs/${need.id}/cancel`).set(bearer(staff)).send({})).status).toBe(400);
      const told = nextEvent(socket, 'enrollment:cancelled', (e) => e.needId === need.id);
      const res = await request(api.url).post(`/api/v1/needs/${need.id}/cancel`).set(bearer(staff)).send({ reason: '天气原因，活动取消' });
      expect(res.body.status).toBe('cancelled');
      expect(await told).toMatchObject({ enrollmentId: enrollment.body.id, reason: '天气原因，活动取消' });
    } finally {
      socket.close();
    }
    const mine = await request(api.url).get('/api/v1/me/enrollments').set(bearer(volunteer));
    expect(mine.body.items.find((e: { id: string }) => e.id === enrollment.body.id).status).toBe('cancelled');
    const { reminders } = api.runtime.modules.enrollments;
    expect(await reminders.scheduledAt(enrollment.body.id, '24h')).toBeNull();
    expect(await reminders.scheduledAt(enrollment.body.id, '2h')).toBeNull();
    expect((await signUp(await aVolunteer(api), need.id, shiftId)).body.code).toBe('NEED_NOT_OPEN');
  });
});

describe('PUT /api/v1/needs/:id/shifts/:shiftId', () => {
  it('when staff move a shift, then reminders move with it and the volunteer is told', async () => {
    const need = await postNeed(aNeedBody({ shifts: [aShift(2 * DAY, 3)] }));
    const shiftId = need.shifts[0]!.id;
    const volunteer = await aVolunteer(api);
    const enrolled = await signUp(volunteer, need.id, shiftId).expect(201);
    const reminderDue = async () => (await api.runtime.modules.enrollments.reminders.scheduledAt(enrolled.body.id, '24h'))?.getTime() ?? null;
    const before = await reminderDue();
    const socket = await connectSocket(api.url, volunteer.token);
    try {
      const told = nextEvent(socket, 'shift:moved', (e) => e.needId === need.id);
      const moved = aShift(3 * DAY, 3);
      const res = await request(api.url).put(`/api/v1/needs/${need.id}/shifts/${shiftId}`).set(bearer(staff)).send(moved);
      expect(res.status).toBe(200);
      expect(res.body.shifts[0].startsAt).toBe(moved.startsAt);
      expect(await told).toMatchObject({ startsAt: moved.startsAt });
      const after = await reminderDue();
      expect(after! - before!).toBeGreaterThan(DAY - 60_000);
      expect(Math.abs(after! - (Date.parse(moved.startsAt) - DAY))).toBeLessThan(5000);
    } finally {
      socket.close();
    }
  });

  it('when capacity would drop below the places taken, then 409; growing it frees places', async () => {
    const need = await postNeed(aNeedBody({ shifts: [aShift(2 * DAY, 2)] }));
    const shift = need.shifts[0]!;
    await signUp(await aVolunteer(api), need.id, shift.id).expect(201);
    await signUp(await aVolunteer(api), need.id, shift.id).expect(201);
    const same = { startsAt: shift.startsAt, endsAt: new Date(Date.parse(shift.startsAt) + 2 * HOUR).toISOString() };
    expect((await request(api.url).put(`/api/v1/needs/${need.id}/shifts/${shift.id}`).set(bearer(staff)).send({ ...same, capacity: 1 })).status).toBe(409);
    const grown = await request(api.url).put(`/api/v1/needs/${need.id}/shifts/${shift.id}`).set(bearer(staff)).send({ ...same, capacity: 4 });
    expect(grown.body.shifts[0]).toMatchObject({ capacity: 4, enrolled: 2, slotsLeft: 2 });
  });
});
