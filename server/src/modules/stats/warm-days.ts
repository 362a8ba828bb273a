import { randomUUID } from 'node:crypto';
import type { ChainableCommander } from 'ioredis';
import type { Redis } from '../../platform/redis';
import { emptyFigures, type RollupFigures } from './rollup.figures';
import { addDays, dayStart } from './stats.areas';

/**
 * Days kept warm: the dashboard's longest preset (90 days ending yesterday) with a margin. Older days
 * are read from `stats_daily` by `_id`.
 */
export const WARM_DAYS = 92;
/** The hash field that says the day is warm: the roll-up's time, or `none` (no roll-up: every area zero). */
const MARKER = '_';
const NO_ROLLUP = 'none';

/** Figures of the areas asked for on one day; null when the day is not warm (read the store instead). */
export type WarmDay = Map<string, RollupFigures> | null;

/** Commands queued on a caller's pipeline and the parser of their replies, so a request is one round trip. */
export interface QueuedRead<T> {
  commands: number;
  parse(replies: Array<[Error | null, unknown]>): T;
}

/**
 * Every area's roll-up figures for one Shanghai day in one Redis hash (`<prefix>:stats:day:<date>`,
 * field = area code, value = the figures as JSON without zero fields), written whole when the nightly
 * roll-up finishes and loaded from the store after a restart (`warm.ts`). A child area's figures are
 * its own field, so an area's comparison of children is one HMGET per day. FerretDB answers one
 * `_id` read in 20–75 ms on this hardware; Redis answers a month of days in one round trip.
 */
export class WarmStatsDays {
  constructor(
    private readonly redis: Redis,
    private readonly prefix: string,
    private readonly now: () => Date = () => new Date(),
  ) {}

  /**
   * Replaces the day's hash in one step (written under a temporary key, then renamed). With
   * `onlyIfCold` the day is left alone when it became warm meanwhile (a roll-up finished first).
   */
  async store(date: string, figures: ReadonlyMap<string, RollupFigures>, rolledUpAt: Date, { onlyIfCold = false } = {}): Promise<boolean> {
    const expireAt = this.expiryOf(date);
    if (expireAt === null) return false;
    const key = this.key(date);
    const temporary = `${key}:loading:${randomUUID()}`;
    const fields: Record<string, string> = { [MARKER]: rolledUpAt.toISOString() };
    for (const [area, f] of figures) fields[area] = encode(f);
    const replies = await this.redis.multi().hset(temporary, fields).expireat(temporary, expireAt)
      [onlyIfCold ? 'renamenx' : 'rename'](temporary, key).exec();
    const renamed = replies?.[2]?.[1];
    if (onlyIfCold && renamed === 0) await this.redis.del(temporary);
    return !onlyIfCold || renamed === 1;
  }

  /** Marks a day without a roll-up as warm with every area zero, unless it is warm already. */
  async storeNoRollup(date: string): Promise<void> {
    const expireAt = this.expiryOf(date);
    if (expireAt === null) return;
    const key = this.key(date);
    const replies = await this.redis.multi().hsetnx(key, MARKER, NO_ROLLUP).exec();
    if (replies?.[0]?.[1] === 1) await this.redis.expireat(key, expireAt);
  }

  /** Which of the dates are warm. */
  async warmDates(dates: readonly string[]): Promise<Set<string>> {
    const pipeline = this.redis.pipeline();
    for (const date of dates) pipeline.hexists(this.key(date), MARKER);
    const replies = (await pipeline.exec()) ?? [];
    return new Set(dates.filter((_, i) => replies[i]?.[1] === 1));
  }

  /** Queues one HMGET per date for the areas; the parser gives each date's figures (absent areas: zero). */
  queueRead(pipeline: ChainableCommander, dates: readonly string[], areas: readonly string[]): QueuedRead<WarmDay[]> {
    for (const date of dates) pipeline.hmget(this.key(date), MARKER, ...areas);
    return {
      commands: dates.length,
      parse: (replies) => replies.map(([error, values]) => {
        if (error) throw error;
        const [marker, ...found] = values as Array<string | null>;
        if (marker === null || marker === undefined) return null;
        return new Map(areas.map((area, i) => [area, found[i] ? decode(found[i]!) : emptyFigures()]));
      }),
    };
  }

  /** Unix seconds at which the day leaves the warm window; null when it already has. */
  private expiryOf(date: string): number | null {
    const at = dayStart(addDays(date, WARM_DAYS + 1)).getTime();
    return at > this.now().getTime() ? Math.floor(at / 1000) : null;
  }

  private key(date: string): string {
    return `${this.prefix}:stats:day:${date}`;
  }
}

/** JSON without zero counts and the empty histogram: most communities are quiet on most days. */
function encode(figures: RollupFigures): string {
  const compact: Record<string, unknown> = {};
  for (const [field, value] of Object.entries(figures)) {
    if (value === 0) continue;
    if (field === 'fillMinutes' && Object.keys(value as object).length === 0) continue;
    compact[field] = value;
  }
  return JSON.stringify(compact);
}

function decode(json: string): RollupFigures {
  return { ...emptyFigures(), ...(JSON.parse(json) as Partial<RollupFigures>) };
}
