import type { Redis } from 'ioredis';

/**
 * Spends one opt-in for one notification: idempotent per notification (a retried job spends once),
 * never below zero. KEYS: the user's hash, the notification's spent marker. ARGV: template id, marker TTL s.
 */
const SPEND = `
if redis.call('EXISTS', KEYS[2]) == 1 then return 1 end
local left = tonumber(redis.call('HGET', KEYS[1], ARGV[1]) or '0')
if left <= 0 then return 0 end
redis.call('HINCRBY', KEYS[1], ARGV[1], -1)
redis.call('SET', KEYS[2], '1', 'EX', tonumber(ARGV[2]))
return 1`;

const SPENT_MARKER_TTL_S = 7 * 86_400;
const REQUEST_MARKER_TTL_S = 86_400;

/**
 * Remaining one-time subscribe-message opt-ins per user and template. WeChat allows one message per
 * "accept" and offers no way to ask how many remain, so the server counts: each accept adds one,
 * each message spends one. Kept in Redis (one hash per user; atomic Lua), since store updates are
 * not isolated on FerretDB; a lost count only means falling back to SMS or the inbox sooner.
 */
export class SubscriptionOptIns {
  constructor(private readonly redis: Redis, private readonly prefix: string) {}

  private key(userId: string): string {
    return `${this.prefix}:opt-ins:${userId}`;
  }

  /** Adds one per accepted template; a repeated request (same `requestId`, a client retry) adds nothing. */
  async record(userId: string, requestId: string, acceptedTemplateIds: string[]): Promise<Record<string, number>> {
    const fresh = await this.redis.set(`${this.prefix}:opt-in-request:${userId}:${requestId}`, '1', 'EX', REQUEST_MARKER_TTL_S, 'NX');
    if (fresh === 'OK' && acceptedTemplateIds.length > 0) {
      const pipeline = this.redis.multi();
      for (const templateId of acceptedTemplateIds) pipeline.hincrby(this.key(userId), templateId, 1);
      await pipeline.exec();
    }
    return this.remaining(userId);
  }

  async remaining(userId: string): Promise<Record<string, number>> {
    const all = await this.redis.hgetall(this.key(userId));
    return Object.fromEntries(Object.entries(all).map(([templateId, n]) => [templateId, Math.max(0, Number(n))]));
  }

  /** True when an opt-in was spent for this notification (now or by an earlier attempt). */
  async spend(userId: string, templateId: string, notificationId: string): Promise<boolean> {
    const marker = `${this.prefix}:opt-in-spent:${notificationId}`;
    return (await this.redis.eval(SPEND, 2, this.key(userId), marker, templateId, SPENT_MARKER_TTL_S)) === 1;
  }

  /** WeChat says the user holds none (errcode 43101): our count was ahead of theirs. */
  async forfeit(userId: string, templateId: string): Promise<void> {
    await this.redis.hset(this.key(userId), templateId, 0);
  }
}
