import type { CampaignTally, RecentDonationView } from '@tongxin/shared';
import type { Redis } from '../../platform/redis';
import type { TallyDelta } from './campaigns.repository';

/** How many recent donations a campaign page shows. */
export const RECENT_FEED_SIZE = 20;

const FIELDS = ['raisedFen', 'matchedFen', 'donorCount', 'goalFen', 'seq'] as const;

/**
 * Applies a delta to the live tally, or seeds it from the store's totals (which already include the
 * delta) when Redis does not have it; then bumps `seq`. One script, so the returned totals and seq
 * belong together.
 */
const APPLY = `
local key = KEYS[1]
if redis.call('EXISTS', key) == 1 then
  redis.call('HINCRBY', key, 'raisedFen', ARGV[1])
  redis.call('HINCRBY', key, 'matchedFen', ARGV[2])
  redis.call('HINCRBY', key, 'donorCount', ARGV[3])
else
  redis.call('HSET', key, 'raisedFen', ARGV[4], 'matchedFen', ARGV[5], 'donorCount', ARGV[6], 'seq', ARGV[8])
end
redis.call('HSET', key, 'goalFen', ARGV[7])
redis.call('HINCRBY', key, 'seq', 1)
return redis.call('HMGET', key, 'raisedFen', 'matchedFen', 'donorCount', 'goalFen', 'seq')
`;

/** Overwrites the totals (reconciliation, goal changes) keeping `seq` monotonic. */
const REPLACE = `
local key = KEYS[1]
local seq = redis.call('HGET', key, 'seq')
if not seq or tonumber(seq) < tonumber(ARGV[5]) then seq = ARGV[5] end
redis.call('HSET', key, 'raisedFen', ARGV[1], 'matchedFen', ARGV[2], 'donorCount', ARGV[3], 'goalFen', ARGV[4], 'seq', seq)
redis.call('HINCRBY', key, 'seq', 1)
return redis.call('HMGET', key, 'raisedFen', 'matchedFen', 'donorCount', 'goalFen', 'seq')
`;

/** A new goal for a live tally, when Redis holds one. */
const SET_GOAL = `
if redis.call('EXISTS', KEYS[1]) == 0 then return nil end
redis.call('HSET', KEYS[1], 'goalFen', ARGV[1])
redis.call('HINCRBY', KEYS[1], 'seq', 1)
return redis.call('HMGET', KEYS[1], 'raisedFen', 'matchedFen', 'donorCount', 'goalFen', 'seq')
`;

/** Totals as the store holds them, with the store's own sequence number. */
export interface StoredTotals extends TallyDelta {
  goalFen: number;
  tallySeq: number;
}

function toTally(values: Array<string | null>): CampaignTally | null {
  if (values.some((v) => v === null)) return null;
  const [raisedFen, matchedFen, donorCount, goalFen, seq] = values.map(Number) as [number, number, number, number, number];
  return { raisedFen, matchedFen, donorCount, goalFen, seq };
}

/** Live campaign tallies and recent-donation feeds in Redis, under `<prefix>:campaign:<id>:*`. */
export class CampaignTallies {
  constructor(
    private readonly redis: Redis,
    private readonly prefix: string,
  ) {}

  private key(campaignId: string, part: 'tally' | 'recent'): string {
    return `${this.prefix}:campaign:${campaignId}:${part}`;
  }

  async apply(campaignId: string, delta: TallyDelta, stored: StoredTotals): Promise<CampaignTally> {
    const values = (await this.redis.eval(APPLY, 1, this.key(campaignId, 'tally'),
      delta.raisedFen, delta.matchedFen, delta.donorCount,
      stored.raisedFen, stored.matchedFen, stored.donorCount, stored.goalFen, stored.tallySeq)) as Array<string | null>;
    return toTally(values)!;
  }

  async replace(campaignId: string, stored: StoredTotals): Promise<CampaignTally> {
    const values = (await this.redis.eval(REPLACE, 1, this.key(campaignId, 'tally'),
      stored.raisedFen, stored.matchedFen, stored.donorCount, stored.goalFen, stored.tallySeq)) as Array<string | null>;
    return toTally(values)!;
  }

  async setGoal(campaignId: string, goalFen: number): Promise<CampaignTally | null> {
    const values = (await this.redis.eval(SET_GOAL, 1, this.key(campaignId, 'tally'), goalFen)) as Array<string | null> | null;
    return values ? toTally(values) : null;
  }

  /** The live tally, or null when Redis does not hold it (the store's totals are then the answer). */
  async read(campaignId: string): Promise<CampaignTally | null> {
    return toTally(await this.redis.hmget(this.key(campaignId, 'tally'), ...FIELDS));
  }

  async pushRecent(campaignId: string, item: RecentDonationView): Promise<void> {
    const key = this.key(campaignId, 'recent');
    await this.redis.multi().lpush(key, JSON.stringify(item)).ltrim(key, 0, RECENT_FEED_SIZE - 1).exec();
  }

  async recent(campaignId: string): Promise<RecentDonationView[]> {
    const items = await this.redis.lrange(this.key(campaignId, 'recent'), 0, RECENT_FEED_SIZE - 1);
    return items.map((item) => JSON.parse(item) as RecentDonationView);
  }
}
