import { createHmac, randomInt } from 'node:crypto';
import type { Redis } from '../../platform/redis';

/** Wrong guesses a code survives; the one that reaches the limit deletes it. */
export const MAX_WRONG_ATTEMPTS = 5;

// Compare and delete in one step, so a code signs in at most once even under concurrent verifies,
// and count a wrong guess in the same step, so parallel guessing cannot exceed the limit.
const CONSUME_SCRIPT = `
local expected = redis.call('HGET', KEYS[1], 'h')
if not expected then return 0 end
if expected == ARGV[1] then
  redis.call('DEL', KEYS[1])
  return 1
end
if redis.call('HINCRBY', KEYS[1], 'a', 1) >= tonumber(ARGV[2]) then redis.call('DEL', KEYS[1]) end
return 0
`;

export interface SmsCodeStoreOptions {
  redis: Redis;
  /** `${REDIS_PREFIX}:sms`. */
  keyPrefix: string;
  /** Key of the code HMAC; a plain hash of 6 digits would be reversed by trying all million. */
  hashKey: string;
  /** Lifetime of a code, seconds. */
  ttlSeconds: number;
}

/**
 * One-time login codes in Redis, one live code per phone (a new one replaces the old), keyed by the
 * phone's hash and stored as an HMAC, so neither numbers nor codes can be read from Redis.
 */
export class SmsCodeStore {
  constructor(private readonly options: SmsCodeStoreOptions) {}

  /** Creates and stores a fresh 6-digit code for the phone and returns it for sending. */
  async issue(phoneHash: string): Promise<string> {
    const code = String(randomInt(0, 1_000_000)).padStart(6, '0');
    const key = this.keyOf(phoneHash);
    const results = await this.options.redis
      .multi()
      .del(key)
      .hset(key, { h: this.hashCode(phoneHash, code), a: 0 })
      .expire(key, this.options.ttlSeconds)
      .exec();
    // MULTI reports failures per command instead of rejecting; a code that was not stored must not be sent.
    const failure = results?.find(([error]) => error)?.[0];
    if (!results || failure) throw failure ?? new Error('SMS code transaction was discarded');
    return code;
  }

  /** True exactly once for the right code within its lifetime; false when wrong, spent, expired or absent. */
  async consume(phoneHash: string, code: string): Promise<boolean> {
    const result = await this.options.redis.eval(
      CONSUME_SCRIPT,
      1,
      this.keyOf(phoneHash),
      this.hashCode(phoneHash, code),
      String(MAX_WRONG_ATTEMPTS),
    );
    return result === 1;
  }

  private keyOf(phoneHash: string): string {
    return `${this.options.keyPrefix}:code:${phoneHash}`;
  }

  private hashCode(phoneHash: string, code: string): string {
    return createHmac('sha256', this.options.hashKey).update(`sms-code:${phoneHash}:${code}`).digest('hex');
  }
}
