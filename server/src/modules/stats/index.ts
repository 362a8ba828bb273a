import type { RequestHandler } from 'express';
import { CITY_CODE } from '@tongxin/shared';
import type { Socket } from 'socket.io';
import type { ModuleDeps } from '../module-deps';
import { QUEUE_NAMES } from '../queues.registry';
import { LiveStatsBroadcaster } from './live-broadcaster';
import { LiveStatsCounters } from './live-counters';
import { subscribeLiveCounters, type CampaignArea } from './live-subscriptions';
import { StatsQueries } from './stats.queries';
import { createStatsExports, ExportSources, type MaskedNames } from './exports';
import { createGapAlerts, type GapAlertPorts } from './gaps';
import { followDashboardLists } from './list-subscriptions';
import { MealPointUse, type PortionsTaken } from './meals/meal-point-use';
import { MealUseSource } from './meals/meal-use.source';
import { MealUseWindow } from './meals/meal-use.window';
import { UnfilledNeedsBoard, type UnfilledBoardPorts } from './unfilled/unfilled-board';
import { createOrganizationCredit, type CreditPorts } from './credit';
import { DashboardLists, dashboardListsRouter } from './dashboard-lists';
import { rollupProcessor, scheduleNightlyRollup } from './stats.jobs';
import { StatsRepository } from './stats.repository';
import { StatsRollup } from './stats.rollup';
import { statsRouter } from './stats.routes';
import { registerStatsSockets } from './stats.socket';
import { WarmStatsDays } from './warm-days';
import { StatsWarmUp } from './warm-up';

export type { RollupFigures } from './rollup.figures';
export { RawStatsSource } from './rollup.source';
export { ExportSources } from './exports';
export { MealUseSource } from './meals/meal-use.source';
export { rawMealPointUse, rawUnfilled } from './raw-lists';
export { topByUse } from './meals/meal-point-use';
export { topUnfilled } from './dashboard-lists';
export type { OpenNeedFact } from './unfilled/unfilled-board';

export interface StatsPorts {
  /** A campaign's community, if it has one (campaigns module). */
  campaignArea: CampaignArea;
  /** Masked real names of volunteers (volunteers module), for the community hours export. */
  maskedNames: MaskedNames;
  /** Gap alerts: overdue disclosures (campaigns), who answers for a district (users), the inbox. */
  gaps: Omit<GapAlertPorts, 'meals' | 'unfilledNeeds'>;
  /** Open needs and their seats taken (needs module), for the unfilled-needs board. */
  needs: UnfilledBoardPorts;
  /** Portions taken per meal, live (meal points module). */
  portionsTaken: PortionsTaken;
  /** Organization credit: name and grade (organizations), complaints, disclosure records (campaigns, when kept). */
  credit: CreditPorts;
}

/**
 * Civil-affairs statistics: live counters for today (Redis, `stats:live:<area>` rooms), nightly
 * roll-ups into `stats_daily`, and the dashboard's reads (`/api/v1/stats/*`).
 */
export function createStatsModule(deps: ModuleDeps, ports: StatsPorts, authenticate: RequestHandler) {
  const logger = deps.logger.child({ module: 'stats' });
  const counters = new LiveStatsCounters(deps.redis, deps.config.REDIS_PREFIX);
  const broadcaster = new LiveStatsBroadcaster(counters, deps.notifier, logger);
  subscribeLiveCounters(deps.events, counters, broadcaster, ports.campaignArea);
  const repository = new StatsRepository(deps.connection);
  const warmDays = new WarmStatsDays(deps.redis, deps.config.REDIS_PREFIX);
  const warmUp = new StatsWarmUp(repository, warmDays, logger);
  const rollup = new StatsRollup(deps.connection.db!, repository, warmDays, logger);
  const queries = new StatsQueries(repository, counters, deps.redis, warmDays);
  const sources = new ExportSources(deps.connection.db!);
  const exports = createStatsExports(deps, queries, sources, ports.maskedNames);
  const board = new UnfilledNeedsBoard(deps.redis, deps.config.REDIS_PREFIX, ports.needs, logger);
  const meals = new MealPointUse(
    new MealUseSource(deps.connection.db!), new MealUseWindow(deps.redis, deps.config.REDIS_PREFIX), ports.portionsTaken, deps.redis,
    deps.config.REDIS_PREFIX, logger,
  );
  followDashboardLists(deps.events, board, meals);
  // The gap-alert run reads the open needs from the store (every 15 minutes) and refreshes the board with them.
  const unfilledNeeds = async (postedBefore: Date) => {
    await board.refresh();
    return (await board.unfilled(CITY_CODE)).needs.filter((n) => n.postedAt.getTime() < postedBefore.getTime());
  };
  const gaps = createGapAlerts(deps, { ...ports.gaps, unfilledNeeds }, sources);
  const router = statsRouter(queries, authenticate);
  const credit = createOrganizationCredit(deps, ports.credit, authenticate);
  const lists = new DashboardLists(queries, meals, board);
  router.use(exports.router, gaps.router, credit.router, dashboardListsRouter(lists));
  return {
    counters,
    rollup,
    /** Meal-point use: the nightly window (`meals.rollUp()`) and the dashboard's list. */
    meals,
    /** The open needs behind the unfilled-needs list and gap alerts. */
    unfilledBoard: board,
    queries,
    exports: exports.service,
    gaps: gaps.alerts,
    router,
    registerSockets: (socket: Socket) => registerStatsSockets(socket, counters, logger),
    startWorkers: () => {
      deps.queues.worker(QUEUE_NAMES.statsRollup, rollupProcessor(rollup, meals), { concurrency: 1, jobTimeoutMs: 30 * 60_000 });
      exports.startWorkers();
      scheduleNightlyRollup(deps.queues).catch((err: unknown) => logger.error({ err }, 'could not schedule the nightly statistics roll-up'));
    },
    /** Loads the days the dashboard reads into Redis when they are not there (after a restart); background. */
    warmUp: () => warmUp.run(),
    close: () => {
      warmUp.stop();
      broadcaster.close();
    },
  };
}

export type StatsModule = ReturnType<typeof createStatsModule>;
