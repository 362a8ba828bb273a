import { Redis, type RedisOptions } from 'ioredis';

export type { Redis };

/**
 * Producers fail fast when Redis is down (no offline queue) or stops answering (a command
 * timeout, so a paused Redis turns into 503s, not hung requests); consumers (pub/sub subscribers)
 * wait and retry forever. `worker` connections, for BullMQ workers, also connect at once: BullMQ
 * starts a lazy connection (and the duplicate it makes for blocking reads) with `connect()`, whose
 * promise rejects when Redis drops before the first `ready`, and BullMQ keeps that failed start for
 * good: the worker then never takes a job (see `QueueFactory`). An eager connection it only waits
 * for, and ioredis retries it until Redis is back.
 */
export function createRedis(url: string, role: 'producer' | 'consumer' | 'worker', commandTimeoutMs?: number): Redis {
  const options: RedisOptions =
    role === 'producer'
      ? { enableOfflineQueue: false, maxRetriesPerRequest: 2, lazyConnect: true, ...(commandTimeoutMs ? { commandTimeout: commandTimeoutMs } : {}) }
      : { maxRetriesPerRequest: null, lazyConnect: role === 'consumer' };
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
