import { LRUCache } from 'lru-cache';
import type { Connection, Model, Types } from 'mongoose';
import { DrawChains, type ChainCorrection } from './draw-chains';
import { insertOnce } from '../../platform/insert-once';
import { SingleFlight } from '../../platform/single-flight';
import { matchingModels, type MatchingPoolRecord } from './matching.model';

export type { MatchingPoolRecord };

function poolKey(campaignId: Types.ObjectId): string {
  return `pool:${campaignId.toHexString()}`;
}

/**
 * Matching pools and per-donor allowances. Amounts are drawn through insert-only chains (see
 * draw-chains.ts), so neither a pool nor a donor's daily allowance can be overdrawn under any
 * concurrency, on MongoDB or on FerretDB.
 */
/** How long "this campaign has no pool" is believed; a pool, once created, never changes. Milliseconds. */
const NO_POOL_TTL_MS = 1000;

export class MatchingRepository {
  private readonly pools: Model<MatchingPoolRecord>;
  private readonly knownPools = new LRUCache<string, { pool: MatchingPoolRecord | null }>({ max: 10_000 });
  /** Gifts settling while "no pool" expires share one read of it. */
  private readonly poolReads = new SingleFlight<MatchingPoolRecord | null>();
  private readonly chains: DrawChains;

  constructor(connection: Connection) {
    ({ pools: this.pools } = matchingModels(connection));
    this.chains = new DrawChains(connection);
  }

  /** False when the campaign already has a pool. */
  async insertPool(pool: MatchingPoolRecord): Promise<boolean> {
    const inserted = await insertOnce(this.pools, pool);
    if (inserted) {
      this.knownPools.set(pool._id.toHexString(), { pool });
      this.poolReads.forget(pool._id.toHexString());
    }
    return inserted;
  }

  /** Pools are immutable, so a found one is remembered; an absent one for NO_POOL_TTL_MS. */
  async findPool(campaignId: Types.ObjectId): Promise<MatchingPoolRecord | null> {
    const hex = campaignId.toHexString();
    const known = this.knownPools.get(hex);
    if (known) return known.pool;
    return this.poolReads.run(hex, async () => {
      const pool = await this.pools.findById(campaignId).lean<MatchingPoolRecord>().exec();
      this.knownPools.set(hex, { pool }, pool ? {} : { ttl: NO_POOL_TTL_MS });
      return pool;
    });
  }

  /** Draws up to `wantedFen` from the pool; returns what was drawn (less when the pool runs low, 0 when empty). */
  async drawFromPool(pool: MatchingPoolRecord, wantedFen: number): Promise<number> {
    return this.chains.take(poolKey(pool._id), wantedFen, pool.capFen);
  }

  /** Gives matching funds back to the pool (a refunded donation's share). */
  async returnToPool(pool: MatchingPoolRecord, fen: number): Promise<void> {
    await this.chains.give(poolKey(pool._id), fen, pool.capFen);
  }

  /** Sets what the pool has left to the ledger's figure (reconciliation); see DrawChains.correct. */
  async correctPool(pool: MatchingPoolRecord, remainingFen: number): Promise<ChainCorrection> {
    return this.chains.correct(poolKey(pool._id), remainingFen, pool.capFen);
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
}
