import { redisNotifier } from '../../../server/src/platform/realtime';
import { connectRedis, type Redis } from '../../../server/src/platform/redis';
import { createLogger } from '../../../server/src/platform/logger';
import { startOwnRedis, type OwnRedis } from '../../helpers/own-redis';

let redis: OwnRedis;
let producer: Redis;

beforeAll(async () => {
  redis = await startOwnRedis();
  producer = await connectRedis(redis.url, 'producer', 500);
  producer.on('error', () => undefined);
});
afterAll(async () => {
  producer.disconnect();
  await redis.stop();
});

describe('a worker pushing to sockets while Redis is away', () => {
  it('when Redis stops answering and the publish times out, then the push is dropped with a warning and no promise rejection escapes (it would end the worker process)', async () => {
    const warnings: string[] = [];
    const logger = createLogger('silent');
    logger.warn = ((_obj: unknown, msg?: string) => void warnings.push(msg ?? '')) as typeof logger.warn;
    const escaped: unknown[] = [];
    const onRejection = (reason: unknown) => escaped.push(reason);
    process.on('unhandledRejection', onRejection);
    try {
      const notifier = redisNotifier(producer, 'test:push', logger);
      redis.pause();
      for (let i = 0; i < 5; i += 1) notifier.emit('user:0123456789abcdef01234567', 'notification:created', { id: `n${i}` } as never);
      notifier.disconnectSockets('user:0123456789abcdef01234567');
      await new Promise((resolve) => setTimeout(resolve, 1_500));
      expect(escaped).toEqual([]);
      expect(warnings.filter((w) => w.startsWith('realtime push dropped'))).toHaveLength(6);
    } finally {
      redis.resume();
      process.off('unhandledRejection', onRejection);
    }
  });
});
