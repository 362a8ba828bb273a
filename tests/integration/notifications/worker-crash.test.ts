import { Types } from 'mongoose';
import type { Job } from 'bullmq';
import { testConfig } from '../../helpers/test-config';
import { dropTestState } from '../../helpers/test-state';
import { spawnWorker } from '../../helpers/api-process';
import { eventually } from '../../helpers/eventually';
import { createCoreRuntime, type CoreRuntime } from '../../../server/src/runtime';
import { QUEUE_NAMES, type ShiftReminderJob } from '../../../server/src/modules/queues.registry';
import { reminderMember } from '../../../server/src/modules/enrollments/enrollments.jobs';

// A short job lock so the killed worker's job is found stalled within seconds rather than 30 s.
const config = testConfig({ QUEUE_LOCK_MS: '2000' });
const REMINDERS = 300;
let core: CoreRuntime;

beforeAll(async () => {
  // Writes the sign-ups and enqueues; it runs no workers (the worker is a separate process).
  core = await createCoreRuntime(config, { workers: false });
});
afterAll(async () => {
  await core.close();
  await dropTestState(config);
});

/** Sign-ups written as the enrollments module stores them: one volunteer each, their 2 h reminder due now. */
async function signUpsDueNow(count: number): Promise<Array<[string, number]>> {
  const needId = new Types.ObjectId();
  const shiftId = new Types.ObjectId();
  const startsAt = new Date(Date.now() + 2 * 3_600_000 + 60_000);
  const now = new Date();
  const docs = Array.from({ length: count }, (_, seat) => {
    const userId = new Types.ObjectId();
    return {
      _id: `${shiftId.toHexString()}:${userId.toHexString()}`, needId, shiftId, userId, communityCode: '510104001001',
      needTitle: '陪伴独居老人散步', status: 'enrolled', seat, startsAt, endsAt: new Date(startsAt.getTime() + 7_200_000),
      createdAt: now, updatedAt: now,
    };
  });
  await core.infra.connection.collection('enrollments').insertMany(docs as never[]);
  return docs.map((d) => [reminderMember(d._id, '2h'), startsAt.getTime() - 2 * 3_600_000]);
}

const inboxCount = () => core.infra.connection.collection('notifications').countDocuments({});

describe('a worker process killed in the middle of a delivery job', () => {
  it('when SIGKILL lands mid-batch and a worker restarts, then every reminder is in the inbox exactly once', async () => {
    const due = await signUpsDueNow(REMINDERS);
    const queue = core.infra.queues.queue<ShiftReminderJob>(QUEUE_NAMES.shiftReminders);
    const first = await spawnWorker(config);
    await queue.add('due', { due }, { jobId: 'crash-batch' });

    // Kill as soon as part of the batch is stored: the job is active, its lock held by a dead process.
    const storedAtKill = await eventually(async () => {
      const stored = await inboxCount();
      expect(stored).toBeGreaterThan(0);
      return stored;
    }, 20_000, 5);
    first.child.kill('SIGKILL');
    expect((await first.exited).signal).toBe('SIGKILL');
    expect(storedAtKill).toBeLessThan(REMINDERS);
    const stranded = (await queue.getJob('crash-batch'))!;
    expect(await stranded.getState()).toBe('active');

    const second = await spawnWorker(config);
    try {
      const done: Job<ShiftReminderJob> = await eventually(async () => {
        const job = (await queue.getJob('crash-batch'))!;
        expect(await job.getState()).toBe('completed');
        // Read again: the copy fetched before it completed has no return value yet.
        const completed = (await queue.getJob('crash-batch'))!;
        expect(completed.returnvalue).not.toBeNull();
        return completed;
      }, 75_000, 100);
      const outcomes = done.returnvalue as unknown as string[];
      // The rerun found the reminders stored before the kill and stored only the rest.
      expect(outcomes.filter((o) => o === 'already-sent').length).toBeGreaterThanOrEqual(storedAtKill);
      expect(outcomes.filter((o) => o === 'sent').length + outcomes.filter((o) => o === 'already-sent').length).toBe(REMINDERS);
      const notifications = await core.infra.connection.collection('notifications').find({}, { projection: { userId: 1 } }).toArray();
      expect(notifications).toHaveLength(REMINDERS);
      expect(new Set(notifications.map((n) => String(n.userId))).size).toBe(REMINDERS);
    } finally {
      second.child.kill('SIGTERM');
      expect((await second.exited).code).toBe(0);
    }
  }, 150_000);
});
