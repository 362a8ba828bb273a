import type { Request, RequestHandler, Response } from 'express';
import { RateLimiterRedis, RateLimiterRes } from 'rate-limiter-flexible';
import { RateLimitedError } from './errors';
import type { Redis } from './redis';

/** `points` requests per `durationS` seconds for one key. */
export interface RateRule {
  points: number;
  durationS: number;
}

function retryAfterSeconds(rejection: RateLimiterRes): number {
  return Math.max(1, Math.ceil(rejection.msBeforeNext / 1000));
}

/**
 * Named limiters counted in Redis, so a limit holds across API replicas and restarts. One
 * instance per process; each name is a separate counter space under `keyPrefix`.
 */
export class RateLimits {
  private readonly limiters = new Map<string, RateLimiterRedis>();

  /** @param keyPrefix `${REDIS_PREFIX}:rl` */
  constructor(
    private readonly redis: Redis,
    private readonly keyPrefix: string,
  ) {}

  /** Counts one hit of `key` under the rule, or throws RateLimitedError with the wait. */
  async consume(name: string, rule: RateRule, key: string): Promise<void> {
    try {
      await this.limiterOf(name, rule).consume(key);
    } catch (error) {
      if (error instanceof RateLimiterRes) throw new RateLimitedError(retryAfterSeconds(error));
      throw error;
    }
  }

  /**
   * Express middleware counting each request under `keyOf(req, res)` (the client IP, or the
   * authenticated actor when it runs after authentication).
   */
  limit(name: string, rule: RateRule, keyOf: (req: Request, res: Response) => string): RequestHandler {
    return async (req, res, next) => {
      await this.consume(name, rule, keyOf(req, res));
      next();
    };
  }

  private limiterOf(name: string, rule: RateRule): RateLimiterRedis {
    let limiter = this.limiters.get(name);
    if (!limiter) {
      limiter = new RateLimiterRedis({
        storeClient: this.redis,
        keyPrefix: `${this.keyPrefix}:${name}`,
        points: rule.points,
        duration: rule.durationS,
      });
      this.limiters.set(name, limiter);
    }
    return limiter;
  }
}

/** The client address as Express computed it under the configured proxy hops. */
export const clientIp = (req: Request): string => req.ip ?? req.socket.remoteAddress ?? 'unknown';
