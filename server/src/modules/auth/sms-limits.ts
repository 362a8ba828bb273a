import type { RateLimits, RateRule } from '../../platform/rate-limits';

/** How often codes may be requested. */
const RULES = {
  /** One code per phone per minute: the client's resend countdown. */
  'sms-phone-minute': { points: 1, durationS: 60 },
  /** Ten codes per phone per day: bounds SMS cost and guesses against one number. */
  'sms-phone-day': { points: 10, durationS: 86_400 },
  /** Twenty codes per client IP per hour: stops one client from spraying many numbers. */
  'sms-ip-hour': { points: 20, durationS: 3600 },
} as const satisfies Record<string, RateRule>;

/** The SMS request limits, counted in Redis so they hold across API replicas. */
export class SmsRequestLimits {
  constructor(private readonly limits: RateLimits) {}

  /**
   * Counts one request or throws RateLimitedError with the wait. The IP goes first so a client
   * spraying numbers is stopped before it spends their counters; the phone is counted by its hash.
   */
  async consume(phoneHash: string, ip: string): Promise<void> {
    await this.limits.consume('sms-ip-hour', RULES['sms-ip-hour'], ip);
    await this.limits.consume('sms-phone-minute', RULES['sms-phone-minute'], phoneHash);
    await this.limits.consume('sms-phone-day', RULES['sms-phone-day'], phoneHash);
  }
}
