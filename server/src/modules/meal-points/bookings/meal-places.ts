import { weekStartOf, priceMeal, type MealCode, type MealPrice, type SubsidyProfile, type SubsidyRules, type SubsidyUsage } from '@tongxin/shared';
import type { Connection } from 'mongoose';
import { PlaceCountsMirror } from '../../../platform/place-counts-mirror';
import { PlacePool } from '../../../platform/place-pool';
import type { Redis } from '../../../platform/redis';

export const mealPool = (pointId: string, date: string, meal: MealCode) => `${pointId}#${date}#${meal}`;
const dayPool = (elderId: string, date: string) => `day:${elderId}#${date}`;
const weekPool = (elderId: string, date: string) => `week:${elderId}#${weekStartOf(date)}`;

/** A meal's price for an elder, with the subsidy places it holds (null when unsubsidized). */
export interface ClaimedPrice {
  price: MealPrice;
  places: { day: number; week: number } | null;
}

/**
 * The two kinds of places meal bookings take, both insert-once documents (PlacePool): portions of
 * a meal at a point, and an elder's subsidized meals per day and per week (the caps are the pools'
 * sizes), so neither capacity nor a cap can be exceeded by concurrent bookings.
 */
export class MealPlaces {
  private readonly portions: PlacePool;
  private readonly subsidies: PlacePool;
  /**
   * Portions taken and subsidized meals used, mirrored in memory for the care map and kept current
   * by every replica's changes: both pools publish on one channel (their pool names never collide:
   * `<pointId>#…` and `day:`/`week:` + elder id), so a priced map query need not ask Redis.
   */
  private readonly liveCounts: PlaceCountsMirror;

  constructor(connection: Connection, redis: Redis, prefix: string) {
    const changesChannel = `${prefix}:meal-places:changed`;
    const onCount = (pool: string, taken: number) => this.liveCounts.apply(pool, taken);
    this.portions = new PlacePool(connection, redis, prefix, {
      collection: 'meal_places', modelName: 'MealPlace', counterName: 'meal-places-taken', cursorName: 'meal-place-cursor',
      changesChannel, onCount,
    });
    this.subsidies = new PlacePool(connection, redis, prefix, {
      collection: 'meal_subsidy_uses', modelName: 'MealSubsidyUse', counterName: 'meal-subsidy-used', cursorName: 'meal-subsidy-cursor',
      changesChannel, onCount,
    });
    this.liveCounts = new PlaceCountsMirror((pools) => this.countsOf(pools), changesChannel);
  }

  claimPortion(pool: string, capacity: number, bookingId: string): Promise<number | null> {
    return this.portions.claim(pool, capacity, bookingId);
  }

  releasePortion(pool: string, place: number, bookingId: string): Promise<boolean> {
    return this.portions.release(pool, place, bookingId);
  }

  /** Portions taken per pool (Redis; rebuilt from the store when a counter is missing). */
  portionsTaken(pools: string[]): Promise<Map<string, number>> {
    return this.portions.taken(pools);
  }

  /** Portions taken per pool for display: from memory while the mirror is subscribed, else as `portionsTaken`. */
  portionsShown(pools: string[]): Promise<Map<string, number>> {
    return this.liveCounts.taken(pools);
  }

  /** Follows other replicas' bookings and cancellations (a subscribed connection of its own). */
  listen(connectSubscriber: () => Promise<Redis>): Promise<void> {
    return this.liveCounts.listen(connectSubscriber);
  }

  close(): Promise<void> {
    return this.liveCounts.close();
  }

  /** Prices the meal and, when it is subsidized, takes a day and a week place under the caps. */
  async claimSubsidy(elderId: string, profile: SubsidyProfile, date: string, priceFen: number, rules: SubsidyRules, bookingId: string): Promise<ClaimedPrice> {
    const unused = priceMeal(priceFen, profile, rules, { today: 0, thisWeek: 0 });
    if (unused.reason !== 'eligible') return { price: unused, places: null };
    const day = await this.subsidies.claim(dayPool(elderId, date), rules.caps.perDay, bookingId);
    if (day === null) return { price: priceMeal(priceFen, profile, rules, { today: rules.caps.perDay, thisWeek: 0 }), places: null };
    const week = await this.subsidies.claim(weekPool(elderId, date), rules.caps.perWeek, bookingId);
    if (week === null) {
      await this.subsidies.release(dayPool(elderId, date), day, bookingId);
      return { price: priceMeal(priceFen, profile, rules, { today: 0, thisWeek: rules.caps.perWeek }), places: null };
    }
    return { price: unused, places: { day, week } };
  }

  async releaseSubsidy(elderId: string, date: string, places: { day: number; week: number }, bookingId: string): Promise<void> {
    await this.subsidies.release(dayPool(elderId, date), places.day, bookingId);
    await this.subsidies.release(weekPool(elderId, date), places.week, bookingId);
  }

  /** Subsidized meals the elder holds in the day and week of `date`, for display (as `portionsShown`). */
  async subsidyUsageShown(elderId: string, date: string): Promise<SubsidyUsage> {
    const taken = await this.liveCounts.taken([dayPool(elderId, date), weekPool(elderId, date)]);
    return { today: taken.get(dayPool(elderId, date)) ?? 0, thisWeek: taken.get(weekPool(elderId, date)) ?? 0 };
  }

  /** Live counts from Redis, each pool from its own kind's counters (one round trip each kind asked). */
  private async countsOf(pools: string[]): Promise<Map<string, number>> {
    const subsidy = pools.filter(isSubsidyPool);
    const portions = pools.filter((pool) => !isSubsidyPool(pool));
    const [a, b] = await Promise.all([this.portions.taken(portions), this.subsidies.taken(subsidy)]);
    return new Map([...a, ...b]);
  }
}

const isSubsidyPool = (pool: string) => pool.startsWith('day:') || pool.startsWith('week:');
