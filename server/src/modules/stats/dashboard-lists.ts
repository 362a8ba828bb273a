import { Router } from 'express';
import {
  findRegion, statsGapsQuerySchema, statsRangeQuerySchema,
  type Actor, type StatsGapsQuery, type StatsMealPointList, type StatsRangeQuery, type StatsUnfilledNeed, type StatsUnfilledNeedList,
} from '@tongxin/shared';
import { actorOf } from '../../platform/actor';
import { parseInput } from '../../platform/validation';
import type { MealPointUse } from './meals/meal-point-use';
import type { StatsQueries } from './stats.queries';
import type { UnfilledNeedsBoard, UnfilledNow } from './unfilled/unfilled-board';

/** Needs listed on the dashboard, most places open first. */
export const UNFILLED_LISTED = 10;

/**
 * The dashboard's two lists that are not area figures, scoped like them (`stats:read`): meal-point
 * use (the nightly use window and today's live counts) and the needs most short of volunteers (the
 * unfilled-needs board and live seat counts). Neither reads the raw collections on a request.
 */
export class DashboardLists {
  constructor(
    private readonly queries: StatsQueries,
    private readonly meals: MealPointUse,
    private readonly board: UnfilledNeedsBoard,
  ) {}

  mealPoints(actor: Actor, query: StatsRangeQuery): Promise<StatsMealPointList> {
    return this.meals.list(this.queries.rangeFor(actor, query));
  }

  async unfilled(actor: Actor, query: StatsGapsQuery): Promise<StatsUnfilledNeedList> {
    const { areaCode } = this.queries.rangeFor(actor, query);
    const { refreshedAt, needs } = await this.board.unfilled(areaCode);
    return { areaCode, refreshedAt: refreshedAt.toISOString(), items: topUnfilled(needs) };
  }
}

/** Most places open first, then the longest waiting; at most `UNFILLED_LISTED`. */
export function topUnfilled(needs: UnfilledNow[]): StatsUnfilledNeed[] {
  return [...needs].sort((a, b) => b.placesOpen - a.placesOpen || a.postedAt.getTime() - b.postedAt.getTime() || a.needId.localeCompare(b.needId))
    .slice(0, UNFILLED_LISTED)
    .map((n) => ({
      needId: n.needId, title: n.title, communityCode: n.communityCode, communityName: findRegion(n.communityCode)?.name ?? n.communityCode,
      postedAt: n.postedAt.toISOString(), placesOpen: n.placesOpen, nextShiftStartsAt: n.nextShiftStartsAt.toISOString(),
    }));
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
