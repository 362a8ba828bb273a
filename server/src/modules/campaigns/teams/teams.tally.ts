import type { Redis } from '../../../platform/redis';
import { APPLIED_WINDOW_MS, type AppliedEntry } from '../campaigns.tally';

const ANONYMOUS = '爱心人士';

/**
 * One team-ledger entry into the live team tallies, once: the same applied-set gate as the campaign
 * tally (see CampaignTallies.apply). A donor who ever gave anonymously stays 爱心人士 on the board.
 */
const APPLY = `
redis.call('ZREMRANGEBYSCORE', KEYS[2], '-inf', '(' .. ARGV[6])
if redis.call('ZADD', KEYS[2], 'NX', ARGV[5], ARGV[4]) == 0 then return 0 end
redis.call('ZINCRBY', KEYS[1], ARGV[3], ARGV[1])
redis.call('ZINCRBY', KEYS[3], ARGV[3], ARGV[2])
if ARGV[7] ~= '' and redis.call('HGET', KEYS[4], ARGV[2]) ~= '${ANONYMOUS}' then redis.call('HSET', KEYS[4], ARGV[2], ARGV[7]) end
return 1
`;

export interface TeamTruth {
  /** Every team of the campaign with its raised fen (0 for teams without gifts). */
  raised: Map<string, number>;
  /** Per team: donor → fen, and donor → name. */
  donors: Map<string, Map<string, { amountFen: number; donorName: string }>>;
  /** Every member: user → team. */
  teamOf: Map<string, string>;
  recentEntries: AppliedEntry[];
}

/** Live team tallies and leaderboards in Redis, under `<prefix>:campaign:<id>:team…` (rebuilt from the team ledger). */
export class TeamTallies {
  constructor(
    private readonly redis: Redis,
    private readonly prefix: string,
  ) {}

  private key(campaignId: string, part: string): string {
    return `${this.prefix}:campaign:${campaignId}:${part}`;
  }

  async addTeam(campaignId: string, teamId: string): Promise<void> {
    await this.redis.zadd(this.key(campaignId, 'team-raised'), 'NX', 0, teamId);
  }

  async setMember(campaignId: string, userId: string, teamId: string): Promise<void> {
    await this.redis.hset(this.key(campaignId, 'team-of'), userId, teamId);
  }

  async teamOf(campaignId: string, userId: string): Promise<string | null> {
    return this.redis.hget(this.key(campaignId, 'team-of'), userId);
  }

  /** True when applied now, false when this entry was counted before. */
  async apply(campaignId: string, teamId: string, userId: string, amountFen: number, entry: AppliedEntry, donorName: string, now = Date.now()): Promise<boolean> {
    return (await this.redis.eval(APPLY, 4,
      this.key(campaignId, 'team-raised'), this.key(campaignId, 'team-applied'),
      this.key(campaignId, `team:${teamId}:donors`), this.key(campaignId, `team:${teamId}:names`),
      teamId, userId, amountFen, entry.id, entry.recordedAt.getTime(), now - APPLIED_WINDOW_MS, donorName)) === 1;
  }

  /** Teams by raised fen, highest first. */
  async ranking(campaignId: string): Promise<Map<string, number>> {
    const flat = await this.redis.zrevrange(this.key(campaignId, 'team-raised'), 0, -1, 'WITHSCORES');
    const ranked = new Map<string, number>();
    for (let i = 0; i < flat.length; i += 2) ranked.set(flat[i]!, Number(flat[i + 1]));
    return ranked;
  }

  async raisedOf(campaignId: string, teamId: string): Promise<number> {
    return Number((await this.redis.zscore(this.key(campaignId, 'team-raised'), teamId)) ?? 0);
  }

  async topDonors(campaignId: string, teamId: string, n: number): Promise<Array<{ donorName: string; amountFen: number }>> {
    const flat = await this.redis.zrevrange(this.key(campaignId, `team:${teamId}:donors`), 0, n - 1, 'WITHSCORES');
    const ids = flat.filter((_, i) => i % 2 === 0);
    if (ids.length === 0) return [];
    const names = await this.redis.hmget(this.key(campaignId, `team:${teamId}:names`), ...ids);
    return ids.map((_, i) => ({ donorName: names[i] ?? ANONYMOUS, amountFen: Number(flat[i * 2 + 1]) }));
  }

  /** Marks the truth's recent entries as counted, then overwrites every team tally, board and membership with it. */
  async replace(campaignId: string, truth: TeamTruth, now = Date.now()): Promise<void> {
    const applied = this.key(campaignId, 'team-applied');
    const mark = this.redis.multi().zremrangebyscore(applied, '-inf', `(${now - APPLIED_WINDOW_MS}`);
    for (const e of truth.recentEntries) mark.zadd(applied, e.recordedAt.getTime(), e.id);
    await mark.exec();
    const write = this.redis.multi().del(this.key(campaignId, 'team-raised'));
    for (const [teamId, fen] of truth.raised) write.zadd(this.key(campaignId, 'team-raised'), fen, teamId);
    for (const [teamId, donors] of truth.donors) {
      const board = this.key(campaignId, `team:${teamId}:donors`);
      const names = this.key(campaignId, `team:${teamId}:names`);
      write.del(board, names);
      for (const [userId, d] of donors) write.zadd(board, d.amountFen, userId).hset(names, userId, d.donorName);
    }
    if (truth.teamOf.size > 0) write.hset(this.key(campaignId, 'team-of'), Object.fromEntries(truth.teamOf));
    await write.exec();
  }
}
