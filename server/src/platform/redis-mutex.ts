import { randomUUID } from 'node:crypto';
import type { Redis } from 'ioredis';

const RELEASE_IF_OWNER = `if redis.call('get', KEYS[1]) == ARGV[1] then return redis.call('del', KEYS[1]) else return 0 end`;

/**
 * A short lease in Redis that serializes work on one key across replicas (SET NX PX, released only
 * by its holder). Not a correctness fence on its own: the store's guarded writes still decide.
 */
export class RedisMutex {
  constructor(
    private readonly redis: Redis,
    private readonly prefix: string,
    /** Lease length, milliseconds: longer than the work it guards. */
    private readonly leaseMs = 10_000,
  ) {}

  /** Runs `work` holding the lease for `key`; returns null without running it when the lease stays taken for `waitMs`. */
  async run<T>(key: string, work: () => Promise<T>, waitMs = 2000): Promise<{ value: T } | null> {
    const redisKey = `${this.prefix}:${key}`;
    const token = randomUUID();
    const deadline = Date.now() + waitMs;
    while ((await this.redis.set(redisKey, token, 'PX', this.leaseMs, 'NX')) !== 'OK') {
      if (Date.now() > deadline) return null;
      await new Promise((resolve) => setTimeout(resolve, 25 + Math.random() * 25));
    }
    try {
      return { value: await work() };
    } finally {
      await this.redis.eval(RELEASE_IF_OWNER, 1, redisKey, token);
    }
  }
}
