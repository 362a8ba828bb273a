import type { RequestHandler } from 'express';
import type { Socket } from 'socket.io';
import type { ModuleDeps } from '../module-deps';
import { QUEUE_NAMES } from '../queues.registry';
import { LiveStatsBroadcaster } from './live-broadcaster';
import { LiveStatsCounters } from './live-counters';
import { subscribeLiveCounters, type CampaignArea } from './live-subscriptions';
import { StatsQueries } from './stats.queries';
import { createStatsExports, ExportSources, type MaskedNames } from './exports';
import { createGapAlerts, type GapAlertPorts } from './gaps';
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

export interface StatsPorts {
  /** A campaign's community, if it has one (campaigns module). */
  campaignArea: CampaignArea;
  /** Masked real names of volunteers (volunteers module), for the community hours export. */
  maskedNames: MaskedNames;
  /** Gap alerts: open needs waiting with free places (needs), overdue disclosures (campaigns), who answers for a district (users), the inbox. */
  gaps: Omit<GapAlertPorts, 'meals'>;
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
  const gaps = createGapAlerts(deps, ports.gaps, sources);
  const router = statsRouter(queries, authenticate);
  const credit = createOrganizationCredit(deps, ports.credit, authenticate);
  const lists = new DashboardLists(queries, sources, ports.gaps.unfilledNeeds);
  router.use(exports.router, gaps.router, credit.router, dashboardListsRouter(lists));
  return {
    counters,
    rollup,
    queries,
    exports: exports.service,
    gaps: gaps.alerts,
    router,
    registerSockets: (socket: Socket) => registerStatsSockets(socket, counters, logger),
    startWorkers: () => {
      deps.queues.worker(QUEUE_NAMES.statsRollup, rollupProcessor(rollup), { concurrency: 1, jobTimeoutMs: 30 * 60_000 });
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
