import { Redis, type RedisOptions } from 'ioredis';

export type { Redis };

/**
 * Producers fail fast when Redis is down (no offline queue); blocking consumers (BullMQ workers,
 * pub/sub subscribers) retry forever, as BullMQ requires.
 */
export function createRedis(url: string, role: 'producer' | 'consumer'): Redis {
  const options: RedisOptions =
    role === 'producer'
      ? { enableOfflineQueue: false, maxRetriesPerRequest: 2, lazyConnect: true }
      : { maxRetriesPerRequest: null, lazyConnect: true };
  return new Redis(url, options);
}

export async function connectRedis(url: string, role: 'producer' | 'consumer'): Promise<Redis> {
  const redis = createRedis(url, role);
  await redis.connect();
  return redis;
}

export async function pingRedis(redis: Redis): Promise<boolean> {
  try {
    return (await redis.ping()) === 'PONG';
  } catch {
    return false;
  }
}
