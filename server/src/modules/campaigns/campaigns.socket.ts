import { campaignWatchSchema } from '@tongxin/shared';
import type { Socket } from 'socket.io';
import type { Logger } from '../../platform/logger';
import { onCommand } from '../../platform/socket-commands';
import { actorOfSocket } from '../../platform/actor';
import { authorize } from '../access';
import { campaignWatchRooms } from './campaign-rooms';
import type { CampaignsService } from './campaigns.service';

/**
 * `campaign:watch` joins the campaign's room (coalesced `campaign:tally`, carrying the new feed entries)
 * after the same visibility check as the API; a client catches up from `GET /campaigns/:id` and `seq`.
 */
export function registerCampaignSockets(socket: Socket, service: CampaignsService, logger: Logger): void {
  const actor = actorOfSocket(socket);

  onCommand(socket, 'campaign:watch', campaignWatchSchema, logger, async ({ campaignId }) => {
    authorize(actor, 'campaign:watch');
    await service.requireVisible(actor, campaignId, true);
    await socket.join(campaignWatchRooms(campaignId, socket.id));
  });

  onCommand(socket, 'campaign:unwatch', campaignWatchSchema, logger, async ({ campaignId }) => {
    for (const room of campaignWatchRooms(campaignId, socket.id)) await socket.leave(room);
  });
}
