import { Router } from 'express';
import {
  CITY_CODE, findRegion, statsGapsQuerySchema, statsRangeQuerySchema,
  type Actor, type StatsGapsQuery, type StatsMealPointList, type StatsRangeQuery, type StatsUnfilledNeedList,
} from '@tongxin/shared';
import { actorOf } from '../../platform/actor';
import { parseInput } from '../../platform/validation';
import type { ExportSources } from './exports';
import type { UnfilledNeedFact } from './gaps';
import type { StatsQueries } from './stats.queries';

const MEAL_POINTS = 20;
const UNFILLED = 10;

/** The dashboard's two lists that are not roll-up figures: meal-point use and the needs most short of volunteers. */
export class DashboardLists {
  constructor(
    private readonly queries: StatsQueries,
    private readonly sources: ExportSources,
    private readonly unfilledNeeds: (postedBefore: Date) => Promise<Array<UnfilledNeedFact & { nextShiftStartsAt: Date }>>,
  ) {}

  async mealPoints(actor: Actor, query: StatsRangeQuery): Promise<StatsMealPointList> {
    const range = this.queries.rangeFor(actor, query);
    const byPoint = new Map<string, StatsMealPointList['items'][number]>();
    for (const row of await this.sources.mealUse(range)) {
      const point = byPoint.get(row.pointId) ?? { pointId: row.pointId, pointName: row.pointName, communityCode: row.communityCode, capacity: 0, booked: 0, served: 0, useRate: null };
      point.capacity += row.capacity;
      point.booked += row.booked;
      point.served += row.served;
      byPoint.set(row.pointId, point);
    }
    const items = [...byPoint.values()].map((p) => ({ ...p, useRate: p.capacity > 0 ? p.booked / p.capacity : null }))
      .sort((a, b) => (b.useRate ?? -1) - (a.useRate ?? -1) || a.pointId.localeCompare(b.pointId)).slice(0, MEAL_POINTS);
    return { areaCode: range.areaCode, from: range.from, to: range.to, items };
  }

  async unfilled(actor: Actor, query: StatsGapsQuery): Promise<StatsUnfilledNeedList> {
    const { areaCode } = this.queries.rangeFor(actor, query);
    const within = (code: string) => areaCode === CITY_CODE || code.startsWith(areaCode);
    const items = (await this.unfilledNeeds(new Date())).filter((n) => within(n.communityCode))
      .sort((a, b) => b.placesOpen - a.placesOpen || a.postedAt.getTime() - b.postedAt.getTime()).slice(0, UNFILLED)
      .map((n) => ({
        needId: n.needId, title: n.title, communityCode: n.communityCode, communityName: findRegion(n.communityCode)?.name ?? n.communityCode,
        postedAt: n.postedAt.toISOString(), placesOpen: n.placesOpen, nextShiftStartsAt: n.nextShiftStartsAt.toISOString(),
      }));
    return { areaCode, items };
  }
}

export function dashboardListsRouter(lists: DashboardLists): Router {
  const router = Router();
  router.get('/api/v1/stats/meal-points', async (req, res) => {
    res.json(await lists.mealPoints(actorOf(res), parseInput(statsRangeQuerySchema, req.query)));
  });
  router.get('/api/v1/stats/unfilled-needs', async (req, res) => {
    res.json(await lists.unfilled(actorOf(res), parseInput(statsGapsQuerySchema, req.query)));
  });
  return router;
}
