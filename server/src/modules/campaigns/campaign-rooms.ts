import { rooms } from '@tongxin/shared';

/**
 * A watcher of a campaign is in the campaign's room and in one of its shards. A busy campaign's
 * tally goes out shard by shard, one per turn of the event loop: writing one message to 10,000
 * sockets takes the process for a few hundred milliseconds, and in one piece it held up every
 * request (the giving-day bench paid about 6 gifts a second with 10,000 watchers). A quiet
 * campaign's update goes to the whole room at once: one Redis message, not one per shard.
 */
export const CAMPAIGN_ROOM_SHARDS = 16;

export function campaignShardRooms(campaignId: string): string[] {
  return Array.from({ length: CAMPAIGN_ROOM_SHARDS }, (_, shard) => `${rooms.campaign(campaignId)}#${shard}`);
}

/** The shard a socket watches the campaign through; stable for the socket, so unwatching leaves it. */
export function campaignShardRoomOf(campaignId: string, socketId: string): string {
  let hash = 0;
  for (let i = 0; i < socketId.length; i++) hash = (hash * 31 + socketId.charCodeAt(i)) >>> 0;
  return `${rooms.campaign(campaignId)}#${hash % CAMPAIGN_ROOM_SHARDS}`;
}

/** Both rooms a watching socket is in. */
export function campaignWatchRooms(campaignId: string, socketId: string): string[] {
  return [rooms.campaign(campaignId), campaignShardRoomOf(campaignId, socketId)];
}
