import { Redis, type RedisOptions } from 'ioredis';

export type { Redis };

/**
 * Producers fail fast when Redis is down (no offline queue) or stops answering (a command
 * timeout, so a paused Redis turns into 503s, not hung requests); blocking consumers (BullMQ
 * workers, pub/sub subscribers) wait and retry forever, as BullMQ requires.
 */
export function createRedis(url: string, role: 'producer' | 'consumer', commandTimeoutMs?: number): Redis {
  const options: RedisOptions =
    role === 'producer'
      ? { enableOfflineQueue: false, maxRetriesPerRequest: 2, lazyConnect: true, ...(commandTimeoutMs ? { commandTimeout: commandTimeoutMs } : {}) }
      : { maxRetriesPerRequest: null, lazyConnect: true };
  return new Redis(url, options);
}

export async function connectRedis(url: string, role: 'producer' | 'consumer', commandTimeoutMs?: number): Promise<Redis> {
  const redis = createRedis(url, role, commandTimeoutMs);
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

const UNAVAILABLE_MESSAGES = [
  'Command timed out',
  "Stream isn't writeable",
  'Connection is closed',
  'Reached the max retries per request limit',
];

/** True for the errors ioredis raises when Redis is down, paused or unreachable (not for bad commands). */
export function isRedisUnavailable(error: unknown): boolean {
  if (!(error instanceof Error)) return false;
  if (error.name === 'MaxRetriesPerRequestError') return true;
  return UNAVAILABLE_MESSAGES.some((m) => error.message.includes(m));
}
