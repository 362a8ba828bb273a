import { RateLimiterRedis, RateLimiterRes } from 'rate-limiter-flexible';
import { RateLimitedError } from '../../platform/errors';
import type { Redis } from '../../platform/redis';

/** How often codes may be requested; each rule is `points` requests per `duration` seconds. */
const RULES = {
  /** One code per phone per minute: the client's resend countdown. */
  phoneMinute: { points: 1, duration: 60 },
  /** Ten codes per phone per day: bounds SMS cost and guesses against one number. */
  phoneDay: { points: 10, duration: 86_400 },
  /** Twenty codes per client IP per hour: stops one client from spraying many numbers. */
  ipHour: { points: 20, duration: 3600 },
} as const;

type RuleName = keyof typeof RULES;

function retryAfterSeconds(rejection: RateLimiterRes): number {
  return Math.max(1, Math.ceil(rejection.msBeforeNext / 1000));
}

/** The SMS request limits, counted in Redis so they hold across API replicas. */
export class SmsRequestLimits {
  private readonly limiters: Record<RuleName, RateLimiterRedis>;

  /** @param keyPrefix `${REDIS_PREFIX}:sms:rl` */
  constructor(redis: Redis, keyPrefix: string) {
    const limiter = (name: RuleName) =>
      new RateLimiterRedis({ storeClient: redis, keyPrefix: `${keyPrefix}:${name}`, ...RULES[name] });
    this.limiters = { phoneMinute: limiter('phoneMinute'), phoneDay: limiter('phoneDay'), ipHour: limiter('ipHour') };
  }

  /**
   * Counts one request or throws RateLimitedError with the wait. The IP goes first so a client
   * spraying numbers is stopped before it spends their counters; the phone is counted by its hash.
   */
  async consume(phoneHash: string, ip: string): Promise<void> {
    try {
      await this.limiters.ipHour.consume(ip);
      await this.limiters.phoneMinute.consume(phoneHash);
      await this.limiters.phoneDay.consume(phoneHash);
    } catch (error) {
      if (error instanceof RateLimiterRes) throw new RateLimitedError(retryAfterSeconds(error));
      throw error;
    }
  }
}
