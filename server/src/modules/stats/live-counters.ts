import type { LiveCounters } from '@tongxin/shared';
import type { ChainableCommander } from 'ioredis';
import type { Redis } from '../../platform/redis';
import type { QueuedRead } from './warm-days';
import { areaChain, shanghaiDate } from './stats.areas';

/** Counter fields kept in each area's hash for the day; `donors` is a set beside it. */
export type CounterField = Exclude<keyof LiveCounters, 'donors'>;
export type CounterDeltas = Partial<Record<CounterField, number>>;

/** Yesterday's counters stay readable a while after midnight, then expire; seconds. */
const TTL_SECONDS = 3 * 86_400;

const EMPTY: LiveCounters = { enrollments: 0, verifiedMinutes: 0, needsPosted: 0, donations: 0, donationsFen: 0, matchedFen: 0, donors: 0 };

/**
 * Today's counters per area in Redis: one hash per Shanghai day and area, moved by atomic HINCRBY
 * for the fact's community and every area above it, in one round trip. The store is never read;
 * the nightly roll-up is the record, these are for watching the day as it happens.
 */
export class LiveStatsCounters {
  constructor(
    private readonly redis: Redis,
    private readonly prefix: string,
    private readonly now: () => Date = () => new Date(),
  ) {}

  /** Adds to the counters of the community's areas (the city only when there is no community); returns the areas moved. */
  async add(communityCode: string | null | undefined, deltas: CounterDeltas, donorId?: string): Promise<string[]> {
    const date = shanghaiDate(this.now());
    const areas = areaChain(communityCode);
    const pipeline = this.redis.pipeline();
    for (const area of areas) {
      const key = this.key(date, area);
      for (const [field, delta] of Object.entries(deltas)) if (delta) pipeline.hincrby(key, field, delta);
      pipeline.expire(key, TTL_SECONDS);
      if (donorId) pipeline.sadd(`${key}:donors`, donorId).expire(`${key}:donors`, TTL_SECONDS);
    }
    await pipeline.exec();
    return areas;
  }

  async read(areaCode: string, date = shanghaiDate(this.now())): Promise<LiveCounters> {
    const pipeline = this.redis.pipeline();
    const read = this.queueRead(pipeline, areaCode, date);
    return read.parse((await pipeline.exec()) ?? []);
  }

  /** Queues the reads of an area's counters on a caller's pipeline (the dashboard's one round trip). */
  queueRead(pipeline: ChainableCommander, areaCode: string, date = shanghaiDate(this.now())): QueuedRead<LiveCounters> {
    const key = this.key(date, areaCode);
    pipeline.hgetall(key).scard(`${key}:donors`);
    return {
      commands: 2,
      parse: ([hashReply, donorsReply]) => {
        if (hashReply?.[0] || donorsReply?.[0]) throw hashReply?.[0] ?? donorsReply![0]!;
        const hash = (hashReply?.[1] ?? {}) as Record<string, string>;
        const counters: LiveCounters = { ...EMPTY, donors: Number(donorsReply?.[1] ?? 0) };
        for (const field of Object.keys(EMPTY) as Array<keyof LiveCounters>) {
          if (field !== 'donors' && hash[field] !== undefined) counters[field] = Number(hash[field]);
        }
        return counters;
      },
    };
  }

  today(): string {
    return shanghaiDate(this.now());
  }

  private key(date: string, areaCode: string): string {
    return `${this.prefix}:stats:live:${date}:${areaCode}`;
  }
}
