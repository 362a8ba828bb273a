import { CITY_CODE } from '@tongxin/shared';
import type { ExportSources } from './exports';
import type { UnfilledNeedFact } from './gaps';
import type { PointUse } from './meals/meal-use.window';
import type { StatsRange } from './stats.queries';
import type { UnfilledNow } from './unfilled/unfilled-board';

/**
 * The dashboard's two lists computed from the raw collections on each request, as they were before
 * the roll-ups: kept as `bench:stats`'s baseline (the same run times both), never used by a route.
 */
export async function rawMealPointUse(sources: ExportSources, range: StatsRange): Promise<PointUse[]> {
  const byPoint = new Map<string, PointUse>();
  for (const row of await sources.mealUse(range)) {
    const point = byPoint.get(row.pointId) ?? {
      facts: { pointId: row.pointId, name: row.pointName, communityCode: row.communityCode, openingDays: [], meals: [] },
      use: { capacity: 0, booked: 0, served: 0, missed: 0 },
    };
    point.use.capacity += row.capacity;
    point.use.booked += row.booked;
    point.use.served += row.served;
    point.use.missed += row.missed;
    byPoint.set(row.pointId, point);
  }
  return [...byPoint.values()].filter((p) => p.use.capacity !== 0 || p.use.booked !== 0);
}

export async function rawUnfilled(
  unfilledNeeds: (postedBefore: Date) => Promise<Array<UnfilledNeedFact & { nextShiftStartsAt: Date }>>, areaCode: string, now: Date,
): Promise<UnfilledNow[]> {
  return (await unfilledNeeds(now)).filter((n) => areaCode === CITY_CODE || n.communityCode.startsWith(areaCode));
}
