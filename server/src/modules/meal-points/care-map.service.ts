import {
  isoWeekdayOf, priceMeal, shanghaiInstant,
  type Actor, type CareMapItem, type CareMapQuery, type CareMapView, type MealPrice, type SubsidyProfile, type SubsidyRules, type SubsidyUsage,
} from '@tongxin/shared';
import { authorize } from '../access';
import { mealPool, type MealPlaces } from './bookings/meal-places';
import type { Nearby } from './care-map.index';
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
    authorize(actor, 'meal-point:read');
    const pricing = query.elderId && query.date ? this.pricingFor(actor, query.elderId, query.date) : Promise.resolve(null);
    // Awaited below (its refusal is the answer); marked handled so it may settle before then.
    pricing.catch(() => undefined);
    const candidates = await this.directory.near(query.near, query.radiusKm);
    const items: CareMapItem[] = [];
    // Pages of candidates in distance order; with `available`, full points are skipped and the next page read.
    for (let start = 0; start < candidates.length && items.length < query.limit; start += query.limit) {
      const page = candidates.slice(start, start + query.limit);
      // The elder's subsidy use and the first page's places are read together (the places mostly from memory).
      const [priced, taken] = await Promise.all([pricing, this.placesTaken(page, query)]);
      for (const nearby of page) {
        const item = this.toItem(nearby, query, taken, priced);
        if (query.available && (!item.meal || item.meal.remaining <= 0 || !item.meal.open)) continue;
        items.push(item);
        if (items.length === query.limit) break;
      }
    }
    if (candidates.length === 0) await pricing;
    return { items };
  }

  private placesTaken(page: Array<Nearby<IndexedPoint>>, query: CareMapQuery): Promise<Map<string, number>> {
    if (!query.date || !query.meal) return Promise.resolve(new Map());
    const { date, meal } = query;
    return this.places.portionsShown(page.flatMap(({ item }) => servesMeal(item, meal) ? [mealPool(item.id, date, meal)] : []));
  }

  private toItem({ item, distanceMetres }: Nearby<IndexedPoint>, query: CareMapQuery, taken: Map<string, number>, pricing: Pricing | null): CareMapItem {
    const { point } = item;
    const base: CareMapItem = {
      id: item.id, kind: point.kind, name: point.name, address: point.address, location: point.location,
      distanceKm: Math.round(distanceMetres / 10) / 100, modes: point.modes, contactPhone: point.contactPhone,
      accessibilityNotes: point.accessibilityNotes,
    };
    const service = query.meal ? point.meals.find((m) => m.meal === query.meal) : undefined;
    if (!service || !query.date) return base;
    const cutoff = shanghaiInstant(query.date, service.bookingCutoff);
    const price: MealPrice = pricing
      ? priceMeal(service.priceFen, pricing.profile, pricing.rules, pricing.usage)
      : { priceFen: service.priceFen, subsidyFen: 0, payableFen: service.priceFen, reason: 'not_eligible' };
    return {
      ...base,
      meal: {
        meal: service.meal, date: query.date,
        open: point.openingDays.includes(isoWeekdayOf(query.date)) && this.now().getTime() < cutoff.getTime(),
        capacity: service.capacity,
        remaining: Math.max(0, service.capacity - (taken.get(mealPool(item.id, query.date, service.meal)) ?? 0)),
        bookingCutoffAt: cutoff.toISOString(),
        price,
      },
    };
  }

  private async pricingFor(actor: Actor, elderId: string, date: string): Promise<Pricing> {
    const { profile } = await this.elders.actingFor(actor, elderId);
    const [rules, usage] = await Promise.all([this.rules.current(), this.places.subsidyUsageShown(elderId, date)]);
    return { profile, rules, usage };
  }
}

function servesMeal({ point }: IndexedPoint, meal: string): boolean {
  return point.kind === 'meal_point' && point.meals.some((m) => m.meal === meal);
}
