import request from 'supertest';
import type { Job } from 'bullmq';
import type { NotificationView, ServerToClientEvents } from '@tongxin/shared';
import { startTestApi, type TestApi } from '../../helpers/test-api';
import { eventually } from '../../helpers/eventually';
import { aNeedBody, aShift, COMMUNITY } from '../../fixtures/needs';
import { aCommunityStaff, aVolunteer, bearer, type TestUser } from '../../fixtures/users';
import { QUEUE_NAMES, type ShiftReminderJob } from '../../../server/src/modules/queues.registry';
import type { Notifier } from '../../../server/src/platform/notifier';
import { createNotificationsModule } from '../../../server/src/modules/notifications';
import { EnrollmentsRepository } from '../../../server/src/modules/enrollments/enrollments.repository';
import { reminderMember, shiftReminderHandler } from '../../../server/src/modules/enrollments/enrollments.jobs';
import { DueIndex } from '../../../server/src/platform/due-index';
import { enrollmentId as enrollmentIdOf } from '../../../server/src/modules/enrollments/enrollments.model';

const HOUR = 3_600_000;
let api: TestApi;
let staff: TestUser;
/** Every event the worker's notifier was asked to emit, by event name and room. */
const pushes: Array<{ room: string; event: keyof ServerToClientEvents; payload: unknown }> = [];
/** Notification ids whose next delivery crashes right after the insert (the worst moment). */
const crashAfterInsert = new Set<string>();

beforeAll(async () => {
  // The reminder worker is started below, with an inbox that can crash on demand.
  api = await startTestApi({ WORKERS_IN_PROCESS: 'false' });
  staff = await aCommunityStaff(api, COMMUNITY);
  const { connection, queues } = api.runtime.infra;
  const recording: Notifier = { emit: (room, event, ...args) => void pushes.push({ room, event, payload: args[0] }), disconnectSockets: () => undefined };
  const inbox = createNotificationsModule({ ...api.runtime.infra, notifier: recording }, api.runtime.modules.auth.authenticate, {
    // Noon in Chengdu, outside the default quiet hours, so the 24 h reminder is not held back.
    now: () => new Date('2026-11-30T04:00:00Z'),
    afterInsert: (notice) => {
      if (crashAfterInsert.delete(notice.id)) throw new Error(`simulated crash after storing ${notice.id}`);
    },
  }).service;
  const index = new DueIndex({
    redis: api.runtime.infra.redis, queues, key: `${api.config.REDIS_PREFIX}:test-due`, drainQueue: 'unused-drain', deliveryQueue: QUEUE_NAMES.shiftReminders,
  });
  index.deliveryWorker(shiftReminderHandler(new EnrollmentsRepository(connection), recording, inbox, api.runtime.modules.enrollments.confirmation));
});
afterAll(() => api.stop());


/** A volunteer signed up for a shift two days out: its own reminders stay delayed, the test adds due ones. */
async function anEnrollment() {
  const shift = aShift(48 * HOUR, 2);
  const need = await request(api.url).post('/api/v1/needs').set(bearer(staff)).send(aNeedBody({ shifts: [shift] })).expect(201);
  const volunteer = await aVolunteer(api);
  const enrolled = await request(api.url)
    .post(`/api/v1/needs/${need.body.id}/shifts/${need.body.shifts[0].id}/enrollments`).set(bearer(volunteer)).send({}).expect(201);
  return { volunteer, enrollmentId: enrolled.body.id as string, startsAt: Date.parse(enrolled.body.startsAt) };
}

const queue = () => api.runtime.infra.queues.queue<ShiftReminderJob>(QUEUE_NAMES.shiftReminders);

/** A due batch of one reminder, as the index's drain would enqueue it. */
const due = (enrollmentId: string, kind: '24h' | '2h', startsAt: number): ShiftReminderJob =>
  ({ due: [[reminderMember(enrollmentId, kind), startsAt - (kind === '2h' ? 2 : 24) * HOUR]] });

async function finished(jobId: string): Promise<Job<ShiftReminderJob>> {
  return eventually(async () => {
    const job = await queue().getJob(jobId);
    expect(await job?.getState()).toBe('completed');
    return job!;
  }, 15_000, 50);
}

const inboxOf = async (user: TestUser): Promise<NotificationView[]> =>
  (await request(api.url).get('/api/v1/me/notifications?limit=100').set(bearer(user)).expect(200)).body.items;

const pushesTo = (user: TestUser, event: keyof ServerToClientEvents) =>
  pushes.filter((p) => p.room === `user:${user.id}` && p.event === event);

describe('shift reminder delivery into the inbox', () => {
  it('when the same reminder runs twice at once under two job ids, then one inbox entry and one push', async () => {
    const { volunteer, enrollmentId, startsAt } = await anEnrollment();
    const data = due(enrollmentId, '2h', startsAt);
    await Promise.all([queue().add('shift-reminder', data, { jobId: `dup-a-${volunteer.id}` }), queue().add('shift-reminder', data, { jobId: `dup-b-${volunteer.id}` })]);
    const results = await Promise.all([finished(`dup-a-${volunteer.id}`), finished(`dup-b-${volunteer.id}`)]);
    expect(results.map((j) => j.returnvalue).sort()).toEqual([['already-sent'], ['sent']]);

    const items = await inboxOf(volunteer);
    expect(items).toHaveLength(1);
    expect(items[0]).toMatchObject({
      id: `reminder:${enrollmentId}:2h@${startsAt}`, kind: 'shift-reminder', title: '班次提醒：2 小时后开始', readAt: null,
      data: { enrollmentId, needId: expect.any(String), shiftId: expect.any(String) },
    });
    expect(items[0]!.body).toContain('陪伴独居老人散步');
    expect(pushesTo(volunteer, 'notification:created')).toHaveLength(1);
    expect(pushesTo(volunteer, 'reminder:due')).toHaveLength(1);
  });

  it('when the same job is processed again after completing, then nothing more is stored or pushed', async () => {
    const { volunteer, enrollmentId, startsAt } = await anEnrollment();
    const jobId = `again-${volunteer.id}`;
    await queue().add('shift-reminder', due(enrollmentId, '24h', startsAt), { jobId });
    await finished(jobId);
    await queue().remove(jobId);
    await queue().add('shift-reminder', due(enrollmentId, '24h', startsAt), { jobId });
    expect((await finished(jobId)).returnvalue).toEqual(['already-sent']);
    expect(await inboxOf(volunteer)).toHaveLength(1);
    expect(pushesTo(volunteer, 'notification:created')).toHaveLength(1);
  });

  it('when delivery crashes after storing and BullMQ retries, then exactly one inbox entry and no second push', async () => {
    const { volunteer, enrollmentId, startsAt } = await anEnrollment();
    crashAfterInsert.add(`reminder:${enrollmentId}:2h@${startsAt}`);
    const jobId = `crash-${volunteer.id}`;
    await queue().add('shift-reminder', due(enrollmentId, '2h', startsAt), { jobId, attempts: 3, backoff: { type: 'fixed', delay: 100 } });
    const job = await finished(jobId);
    expect(job.attemptsMade).toBe(2);
    expect(job.returnvalue).toEqual(['already-sent']);
    expect(await inboxOf(volunteer)).toHaveLength(1);
    // The crash fell between the insert and the push: the push is at most once, the inbox is the record.
    expect(pushesTo(volunteer, 'notification:created')).toHaveLength(0);
  });

  it('when a reminder runs before its sign-up is stored (a slow store), then its batch is retried and delivers once the sign-up lands', async () => {
    const need = await request(api.url).post('/api/v1/needs').set(bearer(staff)).send(aNeedBody({ shifts: [aShift(48 * HOUR, 2)] })).expect(201);
    const shift = need.body.shifts[0] as { id: string; startsAt: string };
    const volunteer = await aVolunteer(api);
    const enrollmentId = enrollmentIdOf(shift.id, volunteer.id);
    const jobId = `early-${volunteer.id}`;
    await queue().add('shift-reminder', due(enrollmentId, '2h', Date.parse(shift.startsAt)), { jobId, attempts: 4, backoff: { type: 'fixed', delay: 1000 } });
    await eventually(async () => expect((await queue().getJob(jobId))?.attemptsMade).toBeGreaterThanOrEqual(1), 15_000, 50);
    await request(api.url).post(`/api/v1/needs/${need.body.id}/shifts/${shift.id}/enrollments`).set(bearer(volunteer)).send({}).expect(201);
    const job = await finished(jobId);
    expect(job.returnvalue).toEqual(['sent']);
    expect((await inboxOf(volunteer)).filter((n) => n.kind === 'shift-reminder')).toHaveLength(1);
  });

  it('when a reminder\'s sign-up never lands, then its last attempt skips it rather than failing the batch for good', async () => {
    const volunteer = await aVolunteer(api);
    const never = enrollmentIdOf('0123456789abcdef01234567', volunteer.id);
    const jobId = `never-${volunteer.id}`;
    await queue().add('shift-reminder', due(never, '2h', Date.now() + 3 * HOUR), { jobId, attempts: 2, backoff: { type: 'fixed', delay: 100 } });
    const job = await finished(jobId);
    expect(job.attemptsMade).toBe(2);
    expect(job.returnvalue).toEqual(['skipped']);
  });

  it('when the sign-up was cancelled before the reminder fell due, then nothing is delivered', async () => {
    const { volunteer, enrollmentId, startsAt } = await anEnrollment();
    await request(api.url).delete(`/api/v1/enrollments/${enrollmentId}`).set(bearer(volunteer)).expect(200);
    const jobId = `cancelled-${volunteer.id}`;
    await queue().add('shift-reminder', due(enrollmentId, '2h', startsAt), { jobId });
    expect((await finished(jobId)).returnvalue).toEqual(['skipped']);
    expect(await inboxOf(volunteer)).toEqual([]);
  });
});
