import { Types } from 'mongoose';
import {
  DISPLAY_TIME_ZONE, LEADERBOARD_LIVE_SIZE,
  type Actor, type CampaignTally, type CreateMatchingPoolInput, type MatchingPoolView, type RecentDonationView,
} from '@tongxin/shared';
import { authorize } from '../access';
import type { AuditTrail } from '../audit';
import { ConflictError } from '../../platform/errors';
import type { Logger } from '../../platform/logger';
import type { CampaignRecord, CampaignsRepository, TallyDelta } from './campaigns.repository';
import type { CampaignDeadlines } from './campaigns.deadlines';
import { sameScores, type DonorLine } from './donor-board';
import type { CampaignTeams } from './teams/teams.service';
import type { CampaignsService } from './campaigns.service';
import { APPLIED_WINDOW_MS, type AppliedEntry, type CampaignTallies } from './campaigns.tally';
import { toPoolView } from './campaigns.view';
import type { MatchingRepository } from './matching.repository';
import type { TallyBroadcaster } from './tally-broadcaster';

/** A donation that has just been paid, as the campaign's totals need it; amounts in fen. */
export interface PaidGift {
  campaignId: Types.ObjectId;
  userId: string;
  amountFen: number;
  matchedFen: number;
  /** Masked ("张*") or "爱心人士". */
  donorName: string;
  message: string;
  paidAt: Date;
  /** The gift's "paid" ledger entry: the live tally counts it once (see CampaignTallies.apply). */
  entry: AppliedEntry;
  /** Present when the donor opted into the leaderboard: the name it shows ("张*" or "爱心人士"). */
  leaderboardName?: string;
}

/** Ledger-derived truth for one campaign, checked against the store and Redis. */
export interface LedgerTotals extends TallyDelta {
  /** When the last ledger entry was written; a campaign is repaired only after a quiet spell. */
  lastEntryAt: Date | null;
  /** Everyone who paid into the campaign (the live donor count is the size of this set in Redis). */
  donorUserIds: readonly string[];
  /** "Paid" and refund entries recorded within APPLIED_WINDOW_MS: the ones a stalled gift could still be applying. */
  recentEntries: readonly AppliedEntry[];
  /** The opt-in leaderboard: user → donors' money of their opted-in donations, net of refunds, and the name shown. */
  leaderboard: ReadonlyMap<string, DonorLine>;
}

export type RepairOutcome = 'in-sync' | 'repaired' | 'busy';

const shanghaiDay = new Intl.DateTimeFormat('en-CA', { timeZone: DISPLAY_TIME_ZONE, year: 'numeric', month: '2-digit', day: '2-digit' });

function sameTotals(a: TallyDelta, b: TallyDelta): boolean {
  return a.raisedFen === b.raisedFen && a.matchedFen === b.matchedFen && a.donorCount === b.donorCount;
}

/** Money moving into a campaign: matching draws, the totals in the store and Redis, live broadcast, repair. */
export class CampaignFunding {
  constructor(
    private readonly repository: CampaignsRepository,
    private readonly matching: MatchingRepository,
    private readonly tallies: CampaignTallies,
    private readonly broadcaster: TallyBroadcaster,
    private readonly campaigns: CampaignsService,
    private readonly logger: Logger,
    private readonly trail: AuditTrail,
    private readonly deadlines: Pick<CampaignDeadlines, 'afterGift'>,
    private readonly teams: Pick<CampaignTeams, 'afterGift' | 'afterRefund' | 'repair'>,
    private readonly now: () => Date = () => new Date(),
  ) {}

  async createPool(actor: Actor, campaignId: string, input: CreateMatchingPoolInput): Promise<MatchingPoolView> {
    const campaign = await this.campaigns.require(campaignId);
    authorize(actor, 'campaign:manage', { organizationId: campaign.organizationId.toHexString() });
    if (campaign.status === 'ended' || campaign.status === 'closed') throw new ConflictError('CAMPAIGN_TRANSITION_INVALID', '项目已结束');
    const pool = { _id: campaign._id, ...input, createdAt: this.now() };
    if (!(await this.matching.insertPool(pool))) throw new ConflictError('MATCHING_POOL_EXISTS');
    await this.trail.record({
      actor, action: 'campaign:create-matching-pool', subject: { type: 'campaign', id: campaignId },
      after: { ratioPercent: input.ratioPercent, capFen: input.capFen, perDonorDailyCapFen: input.perDonorDailyCapFen },
    });
    return toPoolView(pool, pool.capFen);
  }

  /**
   * Draws matching funds for one paid gift: the donor's daily allowance is reserved first, then the
   * pool is drawn, and any allowance the pool could not cover is given back. Call once per gift.
   */
  async drawMatch(campaignId: Types.ObjectId, userId: string, amountFen: number, paidAt: Date): Promise<number> {
    const pool = await this.matching.findPool(campaignId);
    if (!pool) return 0;
    const wanted = Math.floor((amountFen * pool.ratioPercent) / 100);
    if (wanted <= 0) return 0;
    const allowanceKey = `${campaignId.toHexString()}:${userId}:${shanghaiDay.format(paidAt)}`;
    const reserved = await this.matching.reserveAllowance(allowanceKey, wanted, pool.perDonorDailyCapFen);
    if (reserved <= 0) return 0;
    const drawn = await this.matching.drawFromPool(pool, reserved);
    if (drawn < reserved) await this.matching.releaseAllowance(allowanceKey, reserved - drawn, pool.perDonorDailyCapFen);
    return drawn;
  }

  /**
   * Moves the live tally in Redis (one script: donor set, totals, seq, feed), then tells the
   * campaign's room. The store's totals are not touched here: they are the ledger's, written by
   * reconciliation (see CampaignsRepository.setTotals).
   */
  async recordGift(gift: PaidGift): Promise<CampaignTally> {
    const campaign = await this.campaigns.recent(gift.campaignId);
    const id = gift.campaignId.toHexString();
    const entry: RecentDonationView = {
      donorName: gift.donorName, amountFen: gift.amountFen, matchedFen: gift.matchedFen, message: gift.message, paidAt: gift.paidAt.toISOString(),
    };
    const leaderboard = gift.leaderboardName !== undefined ? { userId: gift.userId, name: gift.leaderboardName } : undefined;
    const applied = await this.tallies.apply(id, {
      raisedFen: gift.amountFen, matchedFen: gift.matchedFen, donorUserId: gift.userId, recent: entry, entry: gift.entry, ...(leaderboard ? { leaderboard } : {}),
    }, campaign, this.now().getTime());
    const { tally } = applied;
    this.broadcaster.publish({ campaignId: id, ...tally }, applied.fresh ? entry : undefined, applied.leaderboard);
    await this.teams.afterGift(gift);
    await this.deadlines.afterGift(campaign, tally);
    return tally;
  }

  /**
   * Reverses a refunded share: the matching funds go back to the sponsor's pool, then both amounts
   * leave the live tally (and the donor's leaderboard line, when `leaderboardUserId` is the donor of a
   * donation on the board) and the room is told; amounts in fen, positive.
   */
  async recordRefund(
    campaignId: Types.ObjectId, refundedFen: number, matchReturnedFen: number, entry: AppliedEntry, leaderboardUserId?: string,
  ): Promise<CampaignTally> {
    const pool = matchReturnedFen > 0 ? await this.matching.findPool(campaignId) : null;
    if (pool) await this.matching.returnToPool(pool, matchReturnedFen);
    const campaign = await this.campaigns.recent(campaignId);
    const id = campaignId.toHexString();
    const applied = await this.tallies.apply(id, {
      raisedFen: -refundedFen, matchedFen: -matchReturnedFen, entry, ...(leaderboardUserId ? { leaderboard: { userId: leaderboardUserId, name: '' } } : {}),
    }, campaign, this.now().getTime());
    const { tally } = applied;
    await this.teams.afterRefund(campaignId, refundedFen, entry);
    this.broadcaster.publish({ campaignId: id, ...tally }, undefined, applied.leaderboard);
    return tally;
  }

  /** A campaign that goes live starts its live tally, so gifts only ever increment it. */
  async startTally(campaign: CampaignRecord): Promise<void> {
    await this.tallies.seed(campaign._id.toHexString(), campaign);
  }

  /**
   * Brings the store's totals and the Redis tally to the ledger's, once the campaign has been quiet for
   * `quietMs` (a gift in flight has its ledger entry but not yet its Redis increment). Only this job
   * writes the store's totals, so a plain `$set` of the ledger sums is safe.
   */
  async repair(campaignId: Types.ObjectId, truth: LedgerTotals, quietMs: number): Promise<RepairOutcome> {
    await this.teams.repair(campaignId, quietMs, new Date(this.now().getTime() - APPLIED_WINDOW_MS));
    if (truth.lastEntryAt && this.now().getTime() - truth.lastEntryAt.getTime() < quietMs) return 'busy';
    const campaign = await this.campaigns.require(campaignId);
    const id = campaignId.toHexString();
    let outcome: RepairOutcome = 'in-sync';
    let stored = campaign;
    if (!sameTotals(campaign, truth)) {
      const repaired = await this.repository.setTotals(campaign._id, pickTotals(truth));
      if (!repaired) return 'busy';
      this.logger.warn({ campaignId: id, store: pickTotals(campaign), ledger: pickTotals(truth) }, 'store tally repaired');
      stored = repaired;
      outcome = 'repaired';
    }
    const live = await this.tallies.read(id);
    if (!live || !sameTotals(live, stored) || live.goalFen !== stored.goalFen) {
      // First mark what the ledger's sums include, so a gift still on its way to Redis is not added again.
      await this.tallies.markApplied(id, truth.recentEntries, this.now().getTime());
      const tally = await this.tallies.replace(id, stored, truth.donorUserIds);
      if (live) this.logger.warn({ campaignId: id, redis: pickTotals(live), ledger: pickTotals(stored) }, 'redis tally repaired');
      this.broadcaster.publish({ campaignId: id, ...tally });
      outcome = live ? 'repaired' : outcome;
    }
    if (await this.repairLeaderboard(id, truth)) outcome = 'repaired';
    const pool = await this.repairPool(campaignId, truth);
    return pool === 'in-sync' ? outcome : pool;
  }

  /**
   * Rebuilds the opt-in leaderboard from the ledger when Redis differs (lost, or a line drifted);
   * called once the campaign is quiet, like the tally's repair. Returns whether it rebuilt it.
   */
  private async repairLeaderboard(id: string, truth: LedgerTotals): Promise<boolean> {
    const live = await this.tallies.leaderboardScores(id);
    if (sameScores(truth.leaderboard, live)) return false;
    await this.tallies.markApplied(id, truth.recentEntries, this.now().getTime());
    await this.tallies.replaceLeaderboard(id, truth.leaderboard);
    this.logger.warn({ campaignId: id, redisLines: live.size, ledgerLines: truth.leaderboard.size }, 'leaderboard rebuilt from the ledger');
    const tally = await this.tallies.read(id);
    if (tally) this.broadcaster.publish({ campaignId: id, ...tally }, undefined, await this.tallies.leaderboard(id, LEADERBOARD_LIVE_SIZE));
    return true;
  }

  /**
   * A sponsor's pool has left its cap less the matched money the ledger holds (match entries less what
   * refunds gave back). A crash between a refund's ledger entry and its return to the pool, or between a
   * draw and its match entry, leaves the pool off by that much; one correcting step puts it right.
   */
  private async repairPool(campaignId: Types.ObjectId, truth: LedgerTotals): Promise<RepairOutcome> {
    const pool = await this.matching.findPool(campaignId);
    if (!pool) return 'in-sync';
    const ledgerFen = pool.capFen - truth.matchedFen;
    const id = campaignId.toHexString();
    if (ledgerFen < 0 || ledgerFen > pool.capFen) {
      this.logger.error({ campaignId: id, capFen: pool.capFen, matchedFen: truth.matchedFen }, 'matching pool: the ledger is outside the cap; left alone');
      return 'in-sync';
    }
    const corrected = await this.matching.correctPool(pool, ledgerFen);
    if (corrected.outcome === 'in-step') return 'in-sync';
    if (corrected.outcome === 'raced') return 'busy';
    this.logger.warn({ campaignId: id, pool: corrected.beforeFen, ledger: ledgerFen, capFen: pool.capFen }, 'matching pool repaired');
    return 'repaired';
  }
}

function pickTotals(t: TallyDelta): TallyDelta {
  return { raisedFen: t.raisedFen, matchedFen: t.matchedFen, donorCount: t.donorCount };
}
