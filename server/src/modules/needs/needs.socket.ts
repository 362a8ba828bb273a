import { needWatchSchema, rooms } from '@tongxin/shared';
import type { Socket } from 'socket.io';
import type { Logger } from '../../platform/logger';
import { onCommand } from '../../platform/socket-commands';
import { actorOfSocket } from '../../platform/actor';
import type { NeedsService } from './needs.service';

/** `need:watch` joins the need's room (places left, live) after the same read check as the API. */
export function registerNeedSockets(socket: Socket, service: NeedsService, logger: Logger): void {
  const actor = actorOfSocket(socket);

  onCommand(socket, 'need:watch', needWatchSchema, logger, async ({ needId }) => {
    await service.getNeed(actor, needId);
    await socket.join(rooms.need(needId));
  });

  onCommand(socket, 'need:unwatch', needWatchSchema, logger, async ({ needId }) => {
    await socket.leave(rooms.need(needId));
  });
}
