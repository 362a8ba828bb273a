import { createLogger } from '../../../server/src/platform/logger';
import { QueueFactory } from '../../../server/src/platform/queues';
import { connectRedis, createRedis, type Redis } from '../../../server/src/platform/redis';
import { eventually } from '../../helpers/eventually';
import { testConfig } from '../../helpers/test-config';
import { dropTestState } from '../../helpers/test-state';

const config = testConfig();
const redisUrl = config.REDIS_URL;
let producer: Redis;
let factory: QueueFactory;

beforeAll(async () => {
  producer = await connectRedis(redisUrl, 'producer');
  factory = new QueueFactory({
    producer,
    consumer: () => createRedis(redisUrl, 'worker'),
    prefix: `${config.REDIS_PREFIX}:bull`,
    logger: createLogger('silent'),
    jobTimeoutMs: 400,
  });
});
afterAll(async () => {
  await factory.close();
  await producer.quit();
  await dropTestState(config);
});

const quickRetries = { attempts: 3, backoff: { type: 'fixed', delay: 50 } } as const;

describe('a poison job on a real BullMQ queue', () => {
  it('when a job fails on every attempt, then it rests in the failed set after its last attempt, is not run again, and the other jobs are served meanwhile', async () => {
    const queue = factory.queue<{ n: number; poison?: boolean }>('poison-throws');
    const runs = new Map<string, number>();
    const done: number[] = [];
    factory.worker<{ n: number; poison?: boolean }>('poison-throws', async (job) => {
      runs.set(job.id!, (runs.get(job.id!) ?? 0) + 1);
      if (job.data.poison) throw new TypeError("Cannot read properties of undefined (reading 'userId')");
      done.push(job.data.n);
    }, { concurrency: 1 });

    const poison = await queue.add('deliver', { n: -1, poison: true }, { ...quickRetries, jobId: 'poison' });
    await queue.addBulk(Array.from({ length: 30 }, (_, n) => ({ name: 'deliver', data: { n }, opts: quickRetries })));

    await eventually(async () => expect(await poison.getState()).toBe('failed'), 10_000);
    await eventually(() => expect(done).toHaveLength(30), 10_000);
    const failed = await queue.getJob('poison');
    expect(failed!.attemptsMade).toBe(3);
    expect(failed!.failedReason).toMatch(/reading 'userId'/);
    await new Promise((resolve) => setTimeout(resolve, 500));
    expect(runs.get('poison')).toBe(3);
    expect(await queue.getJobCounts('failed', 'waiting', 'delayed', 'active')).toEqual({ failed: 1, waiting: 0, delayed: 0, active: 0 });
  });

  it('when a job hangs, then it fails at the job deadline with its slot freed, is retried, and after its last attempt rests in the failed set', async () => {
    const queue = factory.queue<{ hang: boolean }>('poison-hangs');
    const done: string[] = [];
    let aborted = 0;
    factory.worker<{ hang: boolean }>('poison-hangs', (job, _token, signal) => {
      if (!job.data.hang) return Promise.resolve(void done.push(job.id!));
      signal?.addEventListener('abort', () => (aborted += 1));
      return new Promise(() => undefined);
    }, { concurrency: 1 });

    const hung = await queue.add('sync', { hang: true }, { ...quickRetries, jobId: 'hung' });
    await queue.addBulk(Array.from({ length: 5 }, (_, i) => ({ name: 'sync', data: { hang: false }, opts: { jobId: `ok-${i}` } })));

    // One slot: the healthy jobs can only run because the deadline took the slot back from the hung one.
    await eventually(() => expect(done).toHaveLength(5), 10_000);
    await eventually(async () => expect(await hung.getState()).toBe('failed'), 10_000);
    const failed = await queue.getJob('hung');
    expect(failed!.attemptsMade).toBe(3);
    expect(failed!.failedReason).toMatch(/still running after 400 ms/);
    expect(aborted).toBe(3);
  });
});
