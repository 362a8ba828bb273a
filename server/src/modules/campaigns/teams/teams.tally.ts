import type { Redis } from '../../../platform/redis';
import type { DonorLineView } from '@tongxin/shared';
import { APPLIED_WINDOW_MS, type AppliedEntry } from '../campaigns.tally';
import { BOARD_LUA, readTop, writeBoard, type BoardKeys, type DonorLine } from '../donor-board';

/**
 * One team-ledger entry into the live team tallies, once: the same applied-set gate as the campaign
 * tally (see CampaignTallies.apply), and the same board rules as the campaign's leaderboard (BOARD_LUA).
 */
const APPLY = `${BOARD_LUA}
redis.call('ZREMRANGEBYSCORE', KEYS[2], '-inf', '(' .. ARGV[6])
if redis.call('ZADD', KEYS[2], 'NX', ARGV[5], ARGV[4]) == 0 then return 0 end
redis.call('ZINCRBY', KEYS[1], ARGV[3], ARGV[1])
board_add(KEYS[3], KEYS[4], ARGV[2], ARGV[3], ARGV[7])
return 1
`;

export interface TeamTruth {
  /** Every team of the campaign with its raised fen (0 for teams without gifts). */
  raised: Map<string, number>;
  /** Per team: donor → line (net fen and the name shown). */
  donors: Map<string, Map<string, DonorLine>>;
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

  private boardKeys(campaignId: string, teamId: string): BoardKeys {
    return { board: this.key(campaignId, `team:${teamId}:donors`), names: this.key(campaignId, `team:${teamId}:names`) };
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
      this.boardKeys(campaignId, teamId).board, this.boardKeys(campaignId, teamId).names,
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

  async topDonors(campaignId: string, teamId: string, n: number): Promise<DonorLineView[]> {
    return readTop(this.redis, this.boardKeys(campaignId, teamId), n);
  }

  /** Marks the truth's recent entries as counted, then overwrites every team tally, board and membership with it. */
  async replace(campaignId: string, truth: TeamTruth, now = Date.now()): Promise<void> {
    const applied = this.key(campaignId, 'team-applied');
    const mark = this.redis.multi().zremrangebyscore(applied, '-inf', `(${now - APPLIED_WINDOW_MS}`);
    for (const e of truth.recentEntries) mark.zadd(applied, e.recordedAt.getTime(), e.id);
    await mark.exec();
    const write = this.redis.multi().del(this.key(campaignId, 'team-raised'));
    for (const [teamId, fen] of truth.raised) write.zadd(this.key(campaignId, 'team-raised'), fen, teamId);
    for (const [teamId, donors] of truth.donors) writeBoard(write, this.boardKeys(campaignId, teamId), donors);
    if (truth.teamOf.size > 0) write.hset(this.key(campaignId, 'team-of'), Object.fromEntries(truth.teamOf));
    await write.exec();
  }
}
