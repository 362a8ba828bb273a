import { rooms, statsWatchSchema, type StatsLiveEvent } from '@tongxin/shared';
import type { Socket } from 'socket.io';
import { actorOfSocket } from '../../platform/actor';
import type { Logger } from '../../platform/logger';
import { onCommand } from '../../platform/socket-commands';
import { authorize } from '../access';
import type { LiveStatsCounters } from './live-counters';

/**
 * `stats:watch` joins an area's live room after the same check as the statistics API (a district
 * admin only their division and the streets and communities in it) and answers with today's counters.
 */
export function registerStatsSockets(socket: Socket, counters: LiveStatsCounters, logger: Logger): void {
  const actor = actorOfSocket(socket);

  onCommand(socket, 'stats:watch', statsWatchSchema, logger, async ({ areaCode }): Promise<StatsLiveEvent> => {
    authorize(actor, 'stats:read', { communityCode: areaCode });
    await socket.join(rooms.statsLive(areaCode));
    const date = counters.today();
    return { areaCode, date, counters: await counters.read(areaCode, date), seq: Date.now() };
  });

  onCommand(socket, 'stats:unwatch', statsWatchSchema, logger, async ({ areaCode }) => {
    await socket.leave(rooms.statsLive(areaCode));
  });
}
