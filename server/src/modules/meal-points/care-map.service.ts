import {
  isoWeekdayOf, priceMeal, shanghaiInstant,
  type Actor, type CareMapItem, type CareMapQuery, type CareMapView, type MealPrice, type SubsidyProfile, type SubsidyRules, type SubsidyUsage,
} from '@tongxin/shared';
import { authorize } from '../access';
import { mealPool, type MealPlaces } from './bookings/meal-places';
import type { Nearby } from './care-map.index';
import { careMapJson, type FoundPoint } from './care-map.json';
import type { CarePointsDirectory, IndexedPoint } from './care-points.directory';
import type { EldersService } from './elders/elders.service';
import type { SubsidyRulesStore } from './subsidy-rules';

interface Pricing {
  profile: SubsidyProfile;
  rules: SubsidyRules;
  usage: SubsidyUsage;
}

/**
 * The care map (关爱地图): points near a place from the in-memory directory, nearest first, with the
 * places left for a meal from the in-memory mirror of the Redis counters (Redis only for pools not
 * mirrored yet) and the price for an elder after subsidy (the elder cached in memory, their subsidy
 * use from Redis: one round trip). The store is not asked on this path once the counters exist.
 */
export class CareMapService {
  constructor(
    private readonly directory: CarePointsDirectory,
    private readonly places: MealPlaces,
    private readonly elders: EldersService,
    private readonly rules: SubsidyRulesStore,
    private readonly now: () => Date = () => new Date(),
  ) {}

  async near(actor: Actor, query: CareMapQuery): Promise<CareMapView> {
    return { items: (await this.find(actor, query)).map(({ item }) => item) };
  }

  /** The same answer as `near`, as the JSON the API sends (`careMapJson`: fixed fields serialized once per point). */
  async nearJson(actor: Actor, query: CareMapQuery): Promise<Buffer> {
    return careMapJson(await this.find(actor, query));
  }

  private async find(actor: Actor, query: CareMapQuery): Promise<FoundPoint[]> {
    authorize(actor, 'meal-point:read');
    const pricing = query.elderId && query.date ? this.pricingFor(actor, query.elderId, query.date) : Promise.resolve(null);
    // Awaited below (its refusal is the answer); marked handled so it may settle before then.
    pricing.catch(() => undefined);
    // The nearest page only: a 3 km circle holds hundreds of points, and most queries read one page.
    let wanted = query.limit;
    let candidates = await this.directory.near(query.near, query.radiusKm, wanted);
    const day = query.date && query.meal ? new MealDay(query.date, this.now().getTime()) : null;
    const items: FoundPoint[] = [];
    // Pages of candidates in distance order; with `available`, full points are skipped and the next page read.
    for (let start = 0; items.length < query.limit; start += query.limit) {
      if (start >= candidates.length) {
        // Every point in the circle was found, or only the nearest `wanted`: then ask for more.
        if (candidates.length < wanted) break;
        wanted *= MORE_PAGES;
        candidates = await this.directory.near(query.near, query.radiusKm, wanted);
        if (start >= candidates.length) break;
      }
      const page = candidates.slice(start, start + query.limit);
      const pools = page.map(({ item }) => (query.date && query.meal && servesMeal(item, query.meal) ? mealPool(item.id, query.date, query.meal) : null));
      // The elder's subsidy use and the first page's places are read together (the places mostly from memory).
      const [priced, taken] = await Promise.all([pricing, this.placesTaken(pools)]);
      for (let i = 0; i < page.length; i++) {
        const item = this.toItem(page[i]!, pools[i] ?? null, query, day, taken, priced);
        if (query.available && (!item.meal || item.meal.remaining <= 0 || !item.meal.open)) continue;
        items.push({ source: page[i]!.item, item });
        if (items.length === query.limit) break;
      }
    }
    if (candidates.length === 0) await pricing;
    return items;
  }

  private placesTaken(pools: Array<string | null>): Promise<Map<string, number>> {
    const shown = pools.filter((pool): pool is string => pool !== null);
    return shown.length === 0 ? Promise.resolve(new Map()) : this.places.portionsShown(shown);
  }

  private toItem(
    { item, distanceMetres }: Nearby<IndexedPoint>, pool: string | null, query: CareMapQuery, day: MealDay | null,
    taken: Map<string, number>, pricing: Pricing | null,
  ): CareMapItem {
    const { point } = item;
    const shown: CareMapItem = {
      id: item.id, kind: point.kind, name: point.name, address: point.address, location: point.location,
      distanceKm: Math.round(distanceMetres / 10) / 100, modes: point.modes, contactPhone: point.contactPhone,
      accessibilityNotes: point.accessibilityNotes,
    };
    const service = query.meal ? point.meals.find((m) => m.meal === query.meal) : undefined;
    if (!service || !day) return shown;
    const cutoff = day.cutoff(service.bookingCutoff);
    shown.meal = {
      meal: service.meal, date: day.date,
      open: point.openingDays.includes(day.weekday) && day.nowMs < cutoff.ms,
      capacity: service.capacity,
      remaining: Math.max(0, service.capacity - ((pool === null ? undefined : taken.get(pool)) ?? 0)),
      bookingCutoffAt: cutoff.iso,
      price: day.price(service.priceFen, pricing),
    };
    return shown;
  }

  private async pricingFor(actor: Actor, elderId: string, date: string): Promise<Pricing> {
    const { profile } = await this.elders.actingFor(actor, elderId);
    const [rules, usage] = await Promise.all([this.rules.current(), this.places.subsidyUsageShown(elderId, date)]);
    return { profile, rules, usage };
  }
}

/** How many times more candidates to find when the pages found so far were all used (`available` skips full points). */
const MORE_PAGES = 4;

/**
 * What every point of one query shares for its day: the weekday, the clock, and per query the cut-off
 * instants and prices already worked out (a few distinct cut-off times and prices among 20 points).
 */
class MealDay {
  readonly weekday: number;
  private readonly cutoffs = new Map<string, { ms: number; iso: string }>();
  private readonly prices = new Map<number, MealPrice>();

  constructor(readonly date: string, readonly nowMs: number) {
    this.weekday = isoWeekdayOf(date);
  }

  cutoff(timeOfDay: string): { ms: number; iso: string } {
    let cutoff = this.cutoffs.get(timeOfDay);
    if (!cutoff) {
      const instant = shanghaiInstant(this.date, timeOfDay);
      this.cutoffs.set(timeOfDay, (cutoff = { ms: instant.getTime(), iso: instant.toISOString() }));
    }
    return cutoff;
  }

  /** The price for the elder (one elder per query), or the undiscounted price when none is named. */
  price(priceFen: number, pricing: Pricing | null): MealPrice {
    let price = this.prices.get(priceFen);
    if (!price) {
      price = pricing
        ? priceMeal(priceFen, pricing.profile, pricing.rules, pricing.usage)
        : { priceFen, subsidyFen: 0, payableFen: priceFen, reason: 'not_eligible' };
      this.prices.set(priceFen, price);
    }
    return price;
  }
}

function servesMeal({ point }: IndexedPoint, meal: string): boolean {
  return point.kind === 'meal_point' && point.meals.some((m) => m.meal === meal);
}
