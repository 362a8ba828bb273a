import request from 'supertest';
import type { NotificationView } from '@tongxin/shared';
import { startTestApi, type TestApi } from '../../helpers/test-api';
import { eventually } from '../../helpers/eventually';
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

const reminders = () => api.runtime.modules.enrollments.reminders;
const indexSize = () => api.runtime.infra.redis.zcard(`${api.config.REDIS_PREFIX}:reminders:due`);

async function signedUpFor(startsInMs: number) {
  const need = await request(api.url).post('/api/v1/needs').set(bearer(staff)).send(aNeedBody({ shifts: [aShift(startsInMs, 2)] })).expect(201);
  const volunteer = await aVolunteer(api);
  const enrolled = await request(api.url)
    .post(`/api/v1/needs/${need.body.id}/shifts/${need.body.shifts[0].id}/enrollments`).set(bearer(volunteer)).send({}).expect(201);
  return { volunteer, needId: need.body.id as string, shiftId: need.body.shifts[0].id as string, enrollmentId: enrolled.body.id as string };
}

const remindersOf = async (user: TestUser): Promise<NotificationView[]> =>
  ((await request(api.url).get('/api/v1/me/notifications?limit=100').set(bearer(user)).expect(200)).body.items as NotificationView[])
    .filter((n) => n.kind === 'shift-reminder');

const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));

describe('shift reminders in the due-time index', () => {
  it('when the reminders cannot be scheduled, then the sign-up is refused whole (no record, the place free), and a retry afterwards holds its reminders', async () => {
    const need = await request(api.url).post('/api/v1/needs').set(bearer(staff)).send(aNeedBody({ shifts: [aShift(26 * HOUR, 2)] })).expect(201);
    const enrollments = `/api/v1/needs/${need.body.id}/shifts/${need.body.shifts[0].id}/enrollments`;
    const volunteer = await aVolunteer(api);
    // A real Redis error on the reminders' ZADD: the due index's key briefly holds a string.
    const redis = api.runtime.infra.redis;
    const key = `${api.config.REDIS_PREFIX}:reminders:due`;
    const aside = `${key}:aside`;
    const hadIndex = (await redis.exists(key)) === 1;
    if (hadIndex) await redis.rename(key, aside);
    await redis.set(key, 'not a sorted set');
    try {
      const refused = await request(api.url).post(enrollments).set(bearer(volunteer)).send({});
      expect(refused.status).toBeGreaterThanOrEqual(500);
      expect(refused.headers['content-type']).toMatch(/application\/problem\+json/);
    } finally {
      await redis.del(key);
      if (hadIndex) await redis.rename(aside, key);
    }
    const mine = (await request(api.url).get('/api/v1/me/enrollments').set(bearer(volunteer)).expect(200)).body;
    expect(mine.items ?? mine).toEqual([]);
    const shift = (await request(api.url).get(`/api/v1/needs/${need.body.id}`).set(bearer(volunteer)).expect(200)).body.shifts[0];
    expect(shift).toMatchObject({ enrolled: 0, slotsLeft: 2 });

    const enrolled = await request(api.url).post(enrollments).set(bearer(volunteer)).send({}).expect(201);
    expect(await reminders().scheduledAt(enrolled.body.id, '24h')).not.toBeNull();
    expect(await reminders().scheduledAt(enrolled.body.id, '2h')).not.toBeNull();
  });

  it('when a 2 h reminder falls due, then it reaches the inbox within 1 s of its due time, and not before', async () => {
    const { volunteer, enrollmentId } = await signedUpFor(2 * HOUR + 10_000);
    const dueAt = (await reminders().scheduledAt(enrollmentId, '2h'))!.getTime();
    const [reminder] = await eventually(async () => {
      const found = await remindersOf(volunteer);
      expect(found).toHaveLength(1);
      return found;
    }, 25_000, 50);
    const lateness = Date.parse(reminder!.createdAt) - dueAt;
    expect(lateness).toBeGreaterThanOrEqual(0);
    expect(lateness).toBeLessThanOrEqual(1000);
    expect(await reminders().scheduledAt(enrollmentId, '2h')).toBeNull();
  });

  it('when the sign-up is cancelled before the reminder falls due, then the reminder is gone and never arrives', async () => {
    const { volunteer, enrollmentId } = await signedUpFor(2 * HOUR + 3000);
    expect(await reminders().scheduledAt(enrollmentId, '2h')).not.toBeNull();
    await request(api.url).delete(`/api/v1/enrollments/${enrollmentId}`).set(bearer(volunteer)).expect(200);
    expect(await reminders().scheduledAt(enrollmentId, '2h')).toBeNull();
    await sleep(5000);
    expect(await remindersOf(volunteer)).toEqual([]);
  });

  it('when the shift moves, then its reminders move with it and fire once at the new time', async () => {
    const { volunteer, needId, shiftId, enrollmentId } = await signedUpFor(48 * HOUR);
    expect(await reminders().scheduledAt(enrollmentId, '24h')).not.toBeNull();
    const moved = aShift(2 * HOUR + 4000, 2);
    await request(api.url).put(`/api/v1/needs/${needId}/shifts/${shiftId}`).set(bearer(staff)).send(moved).expect(200);
    // The 24 h reminder's new time has passed, so it goes; the 2 h one moves to the new start.
    expect(await reminders().scheduledAt(enrollmentId, '24h')).toBeNull();
    const dueAt = Date.parse(moved.startsAt) - 2 * HOUR;
    expect((await reminders().scheduledAt(enrollmentId, '2h'))?.getTime()).toBe(dueAt);
    const [reminder] = await eventually(async () => {
      const found = await remindersOf(volunteer);
      expect(found).toHaveLength(1);
      return found;
    }, 15_000, 50);
    expect(Date.parse(reminder!.createdAt) - dueAt).toBeLessThanOrEqual(1000);
    expect(reminder!.id).toBe(`reminder:${enrollmentId}:2h@${Date.parse(moved.startsAt)}`);
    await sleep(1500);
    expect(await remindersOf(volunteer)).toHaveLength(1);
  });

  it('when scheduling runs again for the same sign-up, then no reminder is added twice', async () => {
    const { enrollmentId } = await signedUpFor(48 * HOUR);
    const startsAt = new Date((await reminders().scheduledAt(enrollmentId, '24h'))!.getTime() + 24 * HOUR);
    const before = await indexSize();
    await reminders().schedule({ _id: enrollmentId, startsAt });
    await reminders().reschedule({ _id: enrollmentId, startsAt });
    expect(await indexSize()).toBe(before);
    expect((await reminders().scheduledAt(enrollmentId, '2h'))?.getTime()).toBe(startsAt.getTime() - 2 * HOUR);
  });
});

describe('reminders put back by the repair job', () => {
  it('when a sign-up holds its place but its reminders never reached the index (Redis away at that moment), then the repair puts them back, once, and the 2 h one arrives', async () => {
    const { volunteer, enrollmentId } = await signedUpFor(2 * HOUR + 10_000);
    const dueAt = (await reminders().scheduledAt(enrollmentId, '2h'))!.getTime();
    // What a failed ZADD after the stored sign-up leaves behind.
    await reminders().cancel(enrollmentId);
    expect(await reminders().scheduledAt(enrollmentId, '2h')).toBeNull();

    const repaired = await api.runtime.modules.enrollments.repairReminders();
    expect(repaired.enrollments).toBeGreaterThanOrEqual(1);
    expect((await reminders().scheduledAt(enrollmentId, '2h'))?.getTime()).toBe(dueAt);
    const before = await indexSize();
    await api.runtime.modules.enrollments.repairReminders();
    expect(await indexSize()).toBe(before);

    await eventually(async () => expect(await remindersOf(volunteer)).toHaveLength(1), 25_000, 100);
    await sleep(1500);
    expect(await remindersOf(volunteer)).toHaveLength(1);
  });
});
