import { rooms, type CampaignTallyEvent, type LeaderboardTop, type RecentDonationView } from '@tongxin/shared';
import type { Notifier } from '../../platform/notifier';
import { campaignShardRooms } from './campaign-rooms';

/** At most one tally event per room in this interval (4 a second); milliseconds. */
export const DEFAULT_TALLY_INTERVAL_MS = 250;

/** Feed entries carried by one `campaign:tally` event; older ones are on the campaign page. */
const MAX_FEED_ITEMS = 10;

interface Pending {
  tally?: Omit<CampaignTallyEvent, 'recent' | 'leaderboard'>;
  donations: RecentDonationView[];
  /** The newest leaderboard top (by its own seq) since the last flush. */
  leaderboard?: LeaderboardTop;
  /** Set while the room is cooling down after a flush; pending updates go out when it fires. */
  timer?: NodeJS.Timeout;
}

/**
 * Coalesces a campaign room's updates so a giving-day burst does not become a broadcast storm: the
 * first update after a quiet spell goes out at once, later ones within the interval are merged
 * (the highest `seq` wins, feed entries are batched, the newest leaderboard top rides along) and
 * flushed when the interval ends.
 * Per process: each replica or worker paces its own emissions; clients drop updates whose `seq`
 * is not newer than what they hold.
 */
export class TallyBroadcaster {
  private readonly rooms = new Map<string, Pending>();
  private closed = false;

  constructor(
    private readonly notifier: Notifier,
    private readonly intervalMs = DEFAULT_TALLY_INTERVAL_MS,
  ) {}

  publish(tally: CampaignTallyEvent, donation?: RecentDonationView, leaderboard?: LeaderboardTop): void {
    const pending = this.rooms.get(tally.campaignId) ?? { donations: [] };
    this.rooms.set(tally.campaignId, pending);
    if (!pending.tally || tally.seq > pending.tally.seq) pending.tally = tally;
    if (donation) pending.donations = [donation, ...pending.donations].slice(0, MAX_FEED_ITEMS);
    if (leaderboard && (!pending.leaderboard || leaderboard.seq > pending.leaderboard.seq)) pending.leaderboard = leaderboard;
    if (!pending.timer) this.flush(tally.campaignId);
  }

  /** Sends whatever is pending now and stops every timer (shutdown). */
  close(): void {
    this.closed = true;
    for (const [campaignId, pending] of this.rooms) {
      clearTimeout(pending.timer);
      this.emit(campaignId, pending, false);
    }
    this.rooms.clear();
  }

  /** `busy`: the room's updates are being coalesced, so it goes out shard by shard (see campaign-rooms). */
  private flush(campaignId: string, busy = false): void {
    const pending = this.rooms.get(campaignId);
    if (!pending) return;
    if (!this.emit(campaignId, pending, busy)) {
      this.rooms.delete(campaignId); // quiet for a whole interval: forget the room
      return;
    }
    const next: Pending = { donations: [] };
    next.timer = setTimeout(() => {
      next.timer = undefined;
      this.flush(campaignId, true);
    }, this.intervalMs).unref();
    this.rooms.set(campaignId, next);
  }

  /** Emits what is pending as one event; false when there was nothing. */
  private emit(campaignId: string, pending: Pending, sharded: boolean): boolean {
    if (!pending.tally) return false;
    const event: CampaignTallyEvent = {
      ...pending.tally,
      ...(pending.donations.length > 0 ? { recent: pending.donations } : {}),
      ...(pending.leaderboard ? { leaderboard: pending.leaderboard } : {}),
    };
    if (!sharded) {
      this.notifier.emit(rooms.campaign(campaignId), 'campaign:tally', event);
      return true;
    }
    const shards = campaignShardRooms(campaignId);
    const next = (shard: number) => {
      if (this.closed) return;
      this.notifier.emit(shards[shard]!, 'campaign:tally', event);
      if (shard + 1 < shards.length) setImmediate(next, shard + 1);
    };
    next(0);
    return true;
  }
}
