import request from 'supertest';
import type { NotificationView } from '@tongxin/shared';
import { startTestApi, type TestApi } from '../../helpers/test-api';
import { startOwnRedis, type OwnRedis } from '../../helpers/own-redis';
import { eventually } from '../../helpers/eventually';
import { aNeedBody, aShift, COMMUNITY } from '../../fixtures/needs';
import { aCommunityStaff, aVolunteer, bearer, type TestUser } from '../../fixtures/users';
import { QUEUE_NAMES } from '../../../server/src/modules/queues.registry';

const HOUR = 3_600_000;
let redis: OwnRedis;
let api: TestApi;
let staff: TestUser;

beforeAll(async () => {
  redis = await startOwnRedis();
  api = await startTestApi({ REDIS_URL: redis.url, QUEUE_LOCK_MS: '2000' });
  staff = await aCommunityStaff(api, COMMUNITY);
});
afterAll(async () => {
  await api.stop();
  await redis.stop();
});

async function signedUpFor(startsInMs: number) {
  const need = await request(api.url).post('/api/v1/needs').set(bearer(staff)).send(aNeedBody({ shifts: [aShift(startsInMs, 2)] })).expect(201);
  const volunteer = await aVolunteer(api);
  const enrolled = await request(api.url)
    .post(`/api/v1/needs/${need.body.id}/shifts/${need.body.shifts[0].id}/enrollments`).set(bearer(volunteer)).send({}).expect(201);
  return { volunteer, enrollmentId: enrolled.body.id as string };
}

const remindersOf = async (user: TestUser): Promise<NotificationView[]> =>
  ((await request(api.url).get('/api/v1/me/notifications').set(bearer(user)).expect(200)).body.items as NotificationView[])
    .filter((n) => n.kind === 'shift-reminder');

// SIGTERM: Redis shuts down cleanly (flushing its append-only file) while clients are connected;
// SIGKILL: it dies mid-stride, and comes back from what it had written.
describe.each(['SIGTERM', 'SIGKILL'] as const)('Redis restarted while reminders wait (%s)', (signal) => {
  it(`when Redis is stopped with ${signal} and comes back from its append-only file, then no reminder is lost or doubled and the API and workers carry on`, async () => {
    const volunteers = await Promise.all([aVolunteer(api), aVolunteer(api)]);
    expect(volunteers).toHaveLength(2);
    // One reminder soon enough to be drained into a delayed batch job before the restart, one still in the index.
    const soon = await signedUpFor(2 * HOUR + 10_000);
    const later = await signedUpFor(2 * HOUR + 25_000);
    const { reminders } = api.runtime.modules.enrollments;
    const deliveries = api.runtime.infra.queues.queue(QUEUE_NAMES.shiftReminders);
    await eventually(async () => {
      expect(await reminders.scheduledAt(soon.enrollmentId, '2h')).toBeNull();
      expect(await deliveries.getDelayedCount()).toBe(1);
    }, 15_000, 50);
    expect(await reminders.scheduledAt(later.enrollmentId, '2h')).not.toBeNull();

    await redis.restart(signal);

    // The API answers ready again and takes writes; the workers deliver both reminders, once each.
    await eventually(async () => expect((await request(api.url).get('/readyz')).status).toBe(200), 20_000, 200);
    await eventually(async () => expect(await remindersOf(soon.volunteer)).toHaveLength(1), 30_000, 200);
    await eventually(async () => expect(await remindersOf(later.volunteer)).toHaveLength(1), 40_000, 200);
    const after = await signedUpFor(48 * HOUR);
    expect(await reminders.scheduledAt(after.enrollmentId, '24h')).not.toBeNull();
    await new Promise((resolve) => setTimeout(resolve, 1500));
    expect(await remindersOf(soon.volunteer)).toHaveLength(1);
    expect(await remindersOf(later.volunteer)).toHaveLength(1);
  }, 120_000);
});
