import { LEADERBOARD_LIVE_SIZE, type CampaignTally, type LeaderboardTop, type RecentDonationView } from '@tongxin/shared';
import type { Redis } from '../../platform/redis';
import type { TallyDelta } from './campaigns.repository';
import { BOARD_LUA, readScores, toLines, writeBoard, type BoardKeys, type BoardTopReply, type DonorLine } from './donor-board';

/** How many recent donations a campaign page shows. */
export const RECENT_FEED_SIZE = 20;

const FIELDS = ['raisedFen', 'matchedFen', 'donorCount', 'goalFen', 'seq'] as const;

/**
 * Applies one paid gift or refund: counts the donor once (a set of donor ids), moves the totals, bumps
 * `seq` and pushes the feed entry, all in one script so the returned totals and seq belong together.
 * When Redis lost the tally it starts again from the store's (reconciled) totals; reconciliation
 * brings it back to the ledger once the campaign is quiet.
 *
 * The money moves, and the feed entry is pushed, only if the change's ledger entry is not yet in the applied set (a sorted set of
 * entry ids scored by when they were recorded, trimmed to APPLIED_WINDOW_MS): reconciliation adds the
 * ids of the entries its totals include, so a gift that stalled between its ledger insert and this
 * script (a slow insert batch, a slow matching draw) finds itself counted and does not count twice.
 *
 * A gift or refund of a donation on the opt-in leaderboard moves the donor's line by the donor's money
 * (never the matched money) under the same gate, and the board's top comes back with the totals.
 */
const APPLY = `${BOARD_LUA}
local tally, donors, recent, applied, board, names = KEYS[1], KEYS[2], KEYS[3], KEYS[4], KEYS[5], KEYS[6]
local moved = false
if redis.call('EXISTS', tally) == 0 then
  redis.call('HSET', tally, 'raisedFen', ARGV[6], 'matchedFen', ARGV[7], 'donorCount', ARGV[8], 'goalFen', ARGV[9], 'seq', ARGV[10])
end
local fresh = 1
if ARGV[11] ~= '' then
  redis.call('ZREMRANGEBYSCORE', applied, '-inf', '(' .. ARGV[13])
  fresh = redis.call('ZADD', applied, 'NX', ARGV[12], ARGV[11])
end
if fresh == 1 then
  local added = 0
  if ARGV[3] ~= '' then added = redis.call('SADD', donors, ARGV[3]) end
  redis.call('HINCRBY', tally, 'raisedFen', ARGV[1])
  redis.call('HINCRBY', tally, 'matchedFen', ARGV[2])
  redis.call('HINCRBY', tally, 'donorCount', added)
  if ARGV[14] ~= '' then
    board_add(board, names, ARGV[14], ARGV[1], ARGV[15])
    moved = true
  end
end
redis.call('HINCRBY', tally, 'seq', 1)
if ARGV[4] ~= '' and fresh == 1 then
  redis.call('LPUSH', recent, ARGV[4])
  redis.call('LTRIM', recent, 0, tonumber(ARGV[5]) - 1)
end
local totals = redis.call('HMGET', tally, 'raisedFen', 'matchedFen', 'donorCount', 'goalFen', 'seq')
if moved then return {totals, fresh, board_top(board, names, tonumber(ARGV[16]))} end
return {totals, fresh}
`;

/** The leaderboard's top with the tally's seq, read together. */
const LEADERBOARD = `${BOARD_LUA}
return {board_top(KEYS[2], KEYS[3], tonumber(ARGV[1])), redis.call('HGET', KEYS[1], 'seq')}
`;

/**
 * How long a ledger entry's "applied" marker is kept, milliseconds: a gift stalled longer than this
 * between its ledger insert and its tally increment could still count twice until the next repair.
 * Far above any request timeout; markers cost about 60 B each for this long.
 */
export const APPLIED_WINDOW_MS = 15 * 60_000;

/** A campaign going live starts its tally at the store's totals, unless Redis already has one. */
const SEED = `
if redis.call('EXISTS', KEYS[1]) == 1 then return 0 end
redis.call('HSET', KEYS[1], 'raisedFen', ARGV[1], 'matchedFen', ARGV[2], 'donorCount', ARGV[3], 'goalFen', ARGV[4], 'seq', ARGV[5])
return 1
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

/** A change of money in a campaign, as the live tally takes it; amounts in fen (negative for refunds). */
export interface TallyChange {
  raisedFen: number;
  matchedFen: number;
  /** Counted once per campaign; absent for refunds (a donor who gave stays counted). */
  donorUserId?: string;
  /** The feed entry to show, if any. */
  recent?: RecentDonationView;
  /** The ledger entry this change comes from (`<donationId>:paid`, `…:refund:<n>`) and when it was recorded. */
  entry?: AppliedEntry;
  /**
   * A donation on the opt-in leaderboard: the donor's line moves by `raisedFen`. `name` is what the
   * board shows ("张*" or "爱心人士"), '' for refunds (they never rename a line).
   */
  leaderboard?: { userId: string; name: string };
}

/** A change applied: the totals after it, and the leaderboard's top when the change moved the board. */
export interface AppliedTally {
  tally: CampaignTally;
  /** False when the change's ledger entry had been counted already (a replay): nothing moved. */
  fresh: boolean;
  leaderboard?: LeaderboardTop;
}

/** A ledger entry as the applied set knows it. */
export interface AppliedEntry {
  id: string;
  recordedAt: Date;
}

/** Live campaign tallies, donor sets and recent-donation feeds in Redis, under `<prefix>:campaign:<id>:*`. */
export class CampaignTallies {
  constructor(
    private readonly redis: Redis,
    private readonly prefix: string,
  ) {}

  private key(campaignId: string, part: 'tally' | 'recent' | 'donors' | 'applied' | 'leaderboard' | 'leaderboard-names'): string {
    return `${this.prefix}:campaign:${campaignId}:${part}`;
  }

  private boardKeys(campaignId: string): BoardKeys {
    return { board: this.key(campaignId, 'leaderboard'), names: this.key(campaignId, 'leaderboard-names') };
  }

  async apply(campaignId: string, change: TallyChange, stored: StoredTotals, now = Date.now()): Promise<AppliedTally> {
    const { board, names } = this.boardKeys(campaignId);
    const [values, fresh, top] = (await this.redis.eval(APPLY, 6,
      this.key(campaignId, 'tally'), this.key(campaignId, 'donors'), this.key(campaignId, 'recent'), this.key(campaignId, 'applied'), board, names,
      change.raisedFen, change.matchedFen, change.donorUserId ?? '', change.recent ? JSON.stringify(change.recent) : '', RECENT_FEED_SIZE,
      stored.raisedFen, stored.matchedFen, stored.donorCount, stored.goalFen, stored.tallySeq,
      change.entry?.id ?? '', change.entry?.recordedAt.getTime() ?? 0, now - APPLIED_WINDOW_MS,
      change.leaderboard?.userId ?? '', change.leaderboard?.name ?? '', LEADERBOARD_LIVE_SIZE)) as [Array<string | null>, number, BoardTopReply?];
    const tally = toTally(values)!;
    return { tally, fresh: fresh === 1, ...(top ? { leaderboard: { seq: tally.seq, items: toLines(top) } } : {}) };
  }

  /** The leaderboard's top `n` lines, with the tally's `seq` at that moment (0 when Redis holds no tally). */
  async leaderboard(campaignId: string, n: number): Promise<LeaderboardTop> {
    const { board, names } = this.boardKeys(campaignId);
    const [top, seq] = (await this.redis.eval(LEADERBOARD, 3, this.key(campaignId, 'tally'), board, names, n)) as [BoardTopReply, string | null];
    return { seq: Number(seq ?? 0), items: toLines(top) };
  }

  /** Every leaderboard line's fen as Redis holds it. */
  async leaderboardScores(campaignId: string): Promise<Map<string, number>> {
    return readScores(this.redis, this.boardKeys(campaignId).board);
  }

  /** Overwrites the leaderboard with one rebuilt from the ledger (reconciliation, after markApplied). */
  async replaceLeaderboard(campaignId: string, lines: ReadonlyMap<string, DonorLine>): Promise<void> {
    const write = this.redis.multi();
    writeBoard(write, this.boardKeys(campaignId), lines);
    await write.exec();
  }

  /**
   * Marks ledger entries as counted (reconciliation, before it overwrites the totals with sums that
   * include them): a stalled gift among them then leaves the totals alone. Only entries recorded within
   * APPLIED_WINDOW_MS are passed; older ones can no longer be in flight.
   */
  async markApplied(campaignId: string, entries: readonly AppliedEntry[], now = Date.now()): Promise<void> {
    const key = this.key(campaignId, 'applied');
    const batch = this.redis.multi().zremrangebyscore(key, '-inf', `(${now - APPLIED_WINDOW_MS}`);
    for (let i = 0; i < entries.length; i += 1000) {
      batch.zadd(key, ...entries.slice(i, i + 1000).flatMap((e) => [e.recordedAt.getTime(), e.id]));
    }
    await batch.exec();
  }

  /** Starts a tally (going live); false when Redis already holds one. */
  async seed(campaignId: string, stored: StoredTotals): Promise<boolean> {
    return (await this.redis.eval(SEED, 1, this.key(campaignId, 'tally'),
      stored.raisedFen, stored.matchedFen, stored.donorCount, stored.goalFen, stored.tallySeq)) === 1;
  }

  /** Overwrites the totals and the donor set with the ledger's (reconciliation). */
  async replace(campaignId: string, stored: StoredTotals, donorUserIds: readonly string[]): Promise<CampaignTally> {
    const donors = this.key(campaignId, 'donors');
    const rebuild = this.redis.multi().del(donors);
    for (let i = 0; i < donorUserIds.length; i += 1000) rebuild.sadd(donors, ...donorUserIds.slice(i, i + 1000));
    await rebuild.exec();
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

  /** Everyone who has paid into the campaign, as the live donor set holds them (rebuilt by reconciliation). */
  async donorIds(campaignId: string): Promise<string[]> {
    const ids: string[] = [];
    let cursor = '0';
    do {
      const [next, batch] = await this.redis.sscan(this.key(campaignId, 'donors'), cursor, 'COUNT', 1000);
      ids.push(...batch);
      cursor = next;
    } while (cursor !== '0');
    return ids;
  }

  async recent(campaignId: string): Promise<RecentDonationView[]> {
    const items = await this.redis.lrange(this.key(campaignId, 'recent'), 0, RECENT_FEED_SIZE - 1);
    return items.map((item) => JSON.parse(item) as RecentDonationView);
  }
}
