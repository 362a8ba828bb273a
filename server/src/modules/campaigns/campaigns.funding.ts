import { Types } from 'mongoose';
import {
  DISPLAY_TIME_ZONE,
  type Actor, type CampaignTally, type CreateMatchingPoolInput, type MatchingPoolView, type RecentDonationView,
} from '@tongxin/shared';
import { authorize } from '../access';
import type { AuditTrail } from '../audit';
import { ConflictError } from '../../platform/errors';
import type { Logger } from '../../platform/logger';
import type { CampaignsRepository, TallyDelta } from './campaigns.repository';
import type { CampaignsService } from './campaigns.service';
import type { CampaignTallies } from './campaigns.tally';
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
}

/** Ledger-derived truth for one campaign, checked against the store and Redis. */
export interface LedgerTotals extends TallyDelta {
  /** When the last ledger entry was written; a campaign is repaired only after a quiet spell. */
  lastEntryAt: Date | null;
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

  /** Moves the store totals by `$inc`, then the live tally in Redis, then tells the campaign's room. */
  async recordGift(gift: PaidGift): Promise<CampaignTally | null> {
    const newDonor = await this.matching.markDonor(gift.campaignId, gift.userId, gift.paidAt);
    const delta = { raisedFen: gift.amountFen, matchedFen: gift.matchedFen, donorCount: newDonor ? 1 : 0 };
    const stored = await this.repository.incrementTally(gift.campaignId, delta);
    if (!stored) return null;
    const id = gift.campaignId.toHexString();
    const tally = await this.tallies.apply(id, delta, stored);
    const entry: RecentDonationView = {
      donorName: gift.donorName, amountFen: gift.amountFen, matchedFen: gift.matchedFen, message: gift.message, paidAt: gift.paidAt.toISOString(),
    };
    await this.tallies.pushRecent(id, entry);
    this.broadcaster.publish({ campaignId: id, ...tally }, entry);
    return tally;
  }

  /**
   * Brings the store's totals and the Redis tally to the ledger's, once the campaign has been quiet for
   * `quietMs` (a gift in flight has its ledger entry but not yet its `$inc`). The store is repaired by
   * an `$inc` of the difference guarded by the sequence number read, so a concurrent gift is never lost.
   */
  async repair(campaignId: Types.ObjectId, truth: LedgerTotals, quietMs: number): Promise<RepairOutcome> {
    if (truth.lastEntryAt && this.now().getTime() - truth.lastEntryAt.getTime() < quietMs) return 'busy';
    const campaign = await this.campaigns.require(campaignId);
    const id = campaignId.toHexString();
    let outcome: RepairOutcome = 'in-sync';
    let stored = campaign;
    if (!sameTotals(campaign, truth)) {
      const repaired = await this.repository.repairTally(campaign._id, campaign.tallySeq, {
        raisedFen: truth.raisedFen - campaign.raisedFen,
        matchedFen: truth.matchedFen - campaign.matchedFen,
        donorCount: truth.donorCount - campaign.donorCount,
      });
      if (!repaired) return 'busy';
      this.logger.warn({ campaignId: id, store: pickTotals(campaign), ledger: pickTotals(truth) }, 'store tally repaired');
      stored = repaired;
      outcome = 'repaired';
    }
    const live = await this.tallies.read(id);
    if (!live || !sameTotals(live, stored) || live.goalFen !== stored.goalFen) {
      const tally = await this.tallies.replace(id, stored);
      if (live) this.logger.warn({ campaignId: id, redis: pickTotals(live), ledger: pickTotals(stored) }, 'redis tally repaired');
      this.broadcaster.publish({ campaignId: id, ...tally });
      outcome = live ? 'repaired' : outcome;
    }
    return outcome;
  }
}

function pickTotals(t: TallyDelta): TallyDelta {
  return { raisedFen: t.raisedFen, matchedFen: t.matchedFen, donorCount: t.donorCount };
}
