import { createLogger } from '../../../server/src/platform/logger';
import { QueueFactory } from '../../../server/src/platform/queues';
import { connectRedis, createRedis, type Redis } from '../../../server/src/platform/redis';
import { eventually } from '../../helpers/eventually';
import { startOwnRedis, type OwnRedis } from '../../helpers/own-redis';

let redis: OwnRedis;
let producer: Redis;
let factory: QueueFactory;

beforeAll(async () => {
  redis = await startOwnRedis();
  producer = await connectRedis(redis.url, 'producer');
  producer.on('error', () => undefined);
  factory = new QueueFactory({
    producer, consumer: () => createRedis(redis.url, 'worker'), prefix: 'crash:bull', logger: createLogger('silent'), lockDurationMs: 2000,
  });
}, 30_000);
// Closing waits for the workers' blocking reads to return; on a loaded CI machine that took over 30 s once.
afterAll(async () => {
  await factory.close();
  producer.disconnect();
  await redis.stop();
}, 90_000);

describe('a job scheduler through Redis crashes (append-only file, fsync every second)', () => {
  it('when Redis is killed with SIGKILL again and again, then the scheduler keeps running after each restart', async () => {
    const queue = factory.queue('ticks');
    let runs = 0;
    await queue.upsertJobScheduler('tick', { every: 300 }, { name: 'tick' });
    factory.worker('ticks', async () => void (runs += 1), { concurrency: 1 });
    await eventually(() => expect(runs).toBeGreaterThan(3), 10_000, 100);
    for (let crash = 0; crash < 5; crash += 1) {
      await redis.restart('SIGKILL', 1_000);
      const before = runs;
      await eventually(() => expect(runs).toBeGreaterThan(before + 3), 20_000, 100);
    }
  }, 150_000);

  it('when Redis is killed the moment a worker starts, then the worker takes jobs once Redis is back', async () => {
    // BullMQ keeps a failed connection start for good: with lazy connections a worker born in the
    // crash never took a job (the soak lost 70 of 73 reminders that way).
    const queue = factory.queue<{ n: number }>('born-in-a-crash');
    await queue.getJobCounts();
    let runs = 0;
    factory.worker('born-in-a-crash', async () => void (runs += 1), { concurrency: 1 });
    await redis.restart('SIGKILL', 1_000);
    await eventually(async () => {
      await queue.add('job', { n: 1 });
    }, 20_000, 200);
    await eventually(() => expect(runs).toBeGreaterThan(0), 30_000, 100);
  }, 90_000);

  it('when Redis is killed the moment a queue is created, then the next use of the queue adds jobs', async () => {
    const name = 'queue-born-in-a-crash';
    factory.queue(name);
    await redis.restart('SIGKILL', 1_000);
    let runs = 0;
    factory.worker(name, async () => void (runs += 1), { concurrency: 1 });
    await eventually(async () => {
      await factory.queue(name).add('job', {});
    }, 20_000, 200);
    await eventually(() => expect(runs).toBe(1), 30_000, 100);
  }, 90_000);
});
