import { shanghaiDayOf, type Actor } from '@tongxin/shared';
import { AppError, ValidationError } from '../../platform/errors';
import type { RateLimits } from '../../platform/rate-limits';
import type { Redis } from '../../platform/redis';

/** Finds a word the platform will not show in the public feed; null when the message is fine. */
export type MessageFilter = (message: string) => string | null;

/** The default hook: a configured list of words, matched case-insensitively anywhere in the message. */
export function wordListFilter(words: readonly string[]): MessageFilter {
  const list = words.map((w) => w.trim().toLowerCase()).filter((w) => w.length > 0);
  return (message) => list.find((w) => message.toLowerCase().includes(w)) ?? null;
}

export interface DonationLimitRules {
  /** New donations one donor may start per minute. */
  perMinute: number;
  /** Most one donor may give in one Asia/Shanghai calendar day, fen (counted when a donation is started). */
  dailyFen: number;
}

/** Adds to the donor's day unless that passes the limit; -1 when it would. One script: no race. */
const ADD_WITHIN = `
local spent = tonumber(redis.call('GET', KEYS[1]) or '0')
if spent + tonumber(ARGV[1]) > tonumber(ARGV[2]) then return -1 end
local total = redis.call('INCRBY', KEYS[1], ARGV[1])
redis.call('EXPIRE', KEYS[1], 172800)
return total
`;

/**
 * Per-donor limits on starting donations, held in Redis so they bind across replicas: a rate
 * (rate-limiter-flexible) and a daily amount. Min/max per donation and message length are in the
 * shared schema; the word filter is a hook.
 */
export class DonationLimits {
  constructor(
    private readonly redis: Redis,
    private readonly prefix: string,
    private readonly rateLimits: RateLimits,
    private readonly rules: DonationLimitRules,
    private readonly filter: MessageFilter,
  ) {}

  checkMessage(message: string): void {
    if (message && this.filter(message) !== null) throw new ValidationError([{ path: 'message', message: '留言包含不当用语，请修改后再试' }]);
  }

  /** Counts a new donation against the donor's rate and day; throws RATE_LIMITED or DONATION_LIMIT_EXCEEDED. */
  async admit(actor: Actor, amountFen: number, at: Date): Promise<void> {
    await this.rateLimits.consume('donation-create', { points: this.rules.perMinute, durationS: 60 }, actor.userId);
    const key = `${this.prefix}:donor-day:${actor.userId}:${shanghaiDayOf(at)}`;
    if ((await this.redis.eval(ADD_WITHIN, 1, key, amountFen, this.rules.dailyFen)) === -1) {
      throw new AppError('DONATION_LIMIT_EXCEEDED', `每位捐赠人每天最多捐赠 ${this.rules.dailyFen / 100} 元`);
    }
  }
}
