import type { Connection, Model, Types } from 'mongoose';
import { DrawChains } from './draw-chains';
import { insertOnce } from '../../platform/insert-once';
import { matchingModels, type CampaignDonorRecord, type MatchingPoolRecord } from './matching.model';

export type { MatchingPoolRecord };

function poolKey(campaignId: Types.ObjectId): string {
  return `pool:${campaignId.toHexString()}`;
}

/**
 * Matching pools and per-donor allowances. Amounts are drawn through insert-only chains (see
 * draw-chains.ts), so neither a pool nor a donor's daily allowance can be overdrawn under any
 * concurrency, on MongoDB or on FerretDB.
 */
export class MatchingRepository {
  private readonly pools: Model<MatchingPoolRecord>;
  private readonly campaignDonors: Model<CampaignDonorRecord>;
  private readonly chains: DrawChains;

  constructor(connection: Connection) {
    ({ pools: this.pools, campaignDonors: this.campaignDonors } = matchingModels(connection));
    this.chains = new DrawChains(connection);
  }

  /** False when the campaign already has a pool. */
  async insertPool(pool: MatchingPoolRecord): Promise<boolean> {
    return insertOnce(this.pools, pool);
  }

  async findPool(campaignId: Types.ObjectId): Promise<MatchingPoolRecord | null> {
    return this.pools.findById(campaignId).lean<MatchingPoolRecord>().exec();
  }

  /** Draws up to `wantedFen` from the pool; returns what was drawn (less when the pool runs low, 0 when empty). */
  async drawFromPool(pool: MatchingPoolRecord, wantedFen: number): Promise<number> {
    return this.chains.take(poolKey(pool._id), wantedFen, pool.capFen);
  }

  async poolRemaining(pool: MatchingPoolRecord): Promise<number> {
    return this.chains.remaining(poolKey(pool._id), pool.capFen);
  }

  /** Reserves up to `wantedFen` of a donor's allowance for the day; returns what was reserved. */
  async reserveAllowance(key: string, wantedFen: number, capFen: number): Promise<number> {
    return this.chains.take(`day:${key}`, wantedFen, capFen);
  }

  async releaseAllowance(key: string, fen: number, capFen: number): Promise<void> {
    await this.chains.give(`day:${key}`, fen, capFen);
  }

  /** True the first time a donor's paid gift reaches this campaign. */
  async markDonor(campaignId: Types.ObjectId, userId: string, at: Date): Promise<boolean> {
    return insertOnce(this.campaignDonors, { _id: `${campaignId.toHexString()}:${userId}`, firstPaidAt: at });
  }
}
