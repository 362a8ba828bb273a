import type { Socket } from 'socket.io';
import type { ModuleDeps } from '../module-deps';
import { LiveStatsBroadcaster } from './live-broadcaster';
import { LiveStatsCounters } from './live-counters';
import { subscribeLiveCounters, type CampaignArea } from './live-subscriptions';
import { registerStatsSockets } from './stats.socket';

export interface StatsPorts {
  /** A campaign's community, if it has one (campaigns module). */
  campaignArea: CampaignArea;
}

/** Civil-affairs statistics: live counters for today (Redis, `stats:live:<area>` rooms). */
export function createStatsModule(deps: ModuleDeps, ports: StatsPorts) {
  const logger = deps.logger.child({ module: 'stats' });
  const counters = new LiveStatsCounters(deps.redis, deps.config.REDIS_PREFIX);
  const broadcaster = new LiveStatsBroadcaster(counters, deps.notifier, logger);
  subscribeLiveCounters(deps.events, counters, broadcaster, ports.campaignArea);
  return {
    counters,
    registerSockets: (socket: Socket) => registerStatsSockets(socket, counters, logger),
    close: () => broadcaster.close(),
  };
}

export type StatsModule = ReturnType<typeof createStatsModule>;
