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
    producer, consumer: () => createRedis(redis.url, 'consumer'), prefix: 'crash:bull', logger: createLogger('silent'), lockDurationMs: 2000,
  });
}, 30_000);
afterAll(async () => {
  await factory.close();
  producer.disconnect();
  await redis.stop();
});

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
});
