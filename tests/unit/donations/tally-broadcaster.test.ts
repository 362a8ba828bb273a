import type { CampaignTallyEvent } from '@tongxin/shared';
import { TallyBroadcaster } from '../../../server/src/modules/campaigns/tally-broadcaster';
import { CAMPAIGN_ROOM_SHARDS, campaignShardRoomOf, campaignShardRooms } from '../../../server/src/modules/campaigns/campaign-rooms';
import type { Notifier } from '../../../server/src/platform/notifier';
import { maskName } from '../../../server/src/modules/donations/donations.view';

const tally = (seq: number, campaignId = 'c1'): CampaignTallyEvent =>
  ({ campaignId, raisedFen: seq * 100, donorCount: seq, matchedFen: 0, goalFen: 100_000, seq });

/** What the watchers of a campaign received: one entry per flush, whether sent to the room at once or shard by shard. */
function flushesTo(sent: Array<{ room: string; event: string; payload: unknown }>, campaignId = 'c1'): CampaignTallyEvent[] {
  const out: CampaignTallyEvent[] = [];
  const whole = `campaign:${campaignId}`;
  for (let i = 0; i < sent.length; i++) {
    const { room, payload } = sent[i]!;
    if (room === whole) out.push(payload as CampaignTallyEvent);
    else if (room === `${whole}#0`) {
      // Every shard, in order, with the same event.
      const shards = sent.slice(i, i + CAMPAIGN_ROOM_SHARDS);
      expect(shards.map((x) => x.room)).toEqual(campaignShardRooms(campaignId));
      expect(shards.every((x) => x.payload === payload)).toBe(true);
      out.push(payload as CampaignTallyEvent);
      i += CAMPAIGN_ROOM_SHARDS - 1;
    } else if (room.startsWith(whole)) throw new Error(`unexpected room ${room}`);
  }
  return out;
}

function recordingNotifier() {
  const sent: Array<{ room: string; event: string; payload: unknown }> = [];
  const notifier: Notifier = { emit: (room, event, ...args) => void sent.push({ room, event, payload: args[0] }), disconnectSockets: () => undefined };
  return { sent, notifier };
}

describe('TallyBroadcaster', () => {
  beforeEach(() => jest.useFakeTimers());
  afterEach(() => jest.useRealTimers());

  it('when 1,000 updates arrive within a second, then the room gets at most 5 tallies and the last carries the highest seq', () => {
    const { sent, notifier } = recordingNotifier();
    const broadcaster = new TallyBroadcaster(notifier, 250);
    for (let seq = 1; seq <= 1000; seq++) {
      broadcaster.publish(tally(seq));
      jest.advanceTimersByTime(1);
    }
    jest.advanceTimersByTime(250);
    expect(sent.every((s) => s.event === 'campaign:tally')).toBe(true);
    const tallies = flushesTo(sent);
    expect(tallies.length).toBeLessThanOrEqual(5);
    expect(tallies.at(-1)).toMatchObject({ seq: 1000, raisedFen: 100_000 });
    // The first update after a quiet spell reaches the whole room in one message; coalesced ones go shard by shard.
    expect(sent[0]!.room).toBe('campaign:c1');
    expect(sent.filter((s) => s.room === 'campaign:c1')).toHaveLength(1);
  });

  it('when a coalesced tally goes out shard by shard, then each shard is a turn of the event loop of its own', () => {
    const { sent, notifier } = recordingNotifier();
    const broadcaster = new TallyBroadcaster(notifier, 250);
    broadcaster.publish(tally(1));
    broadcaster.publish(tally(2));
    jest.advanceTimersByTime(250);
    expect(sent.map((s) => s.room)).toEqual(['campaign:c1', 'campaign:c1#0']);
    jest.runAllTimers();
    expect(flushesTo(sent).map((e) => e.seq)).toEqual([1, 2]);
  });

  it('every socket id maps to one of the shards, and the ids spread over all of them', () => {
    const shards = new Set(Array.from({ length: 2000 }, (_, i) => campaignShardRoomOf('c1', `socket-${i}-${i * 7919}`)));
    expect([...shards].sort()).toEqual([...campaignShardRooms('c1')].sort());
  });

  it('when an older seq arrives after a newer one, then the newer one is kept', () => {
    const { sent, notifier } = recordingNotifier();
    const broadcaster = new TallyBroadcaster(notifier, 250);
    broadcaster.publish(tally(1));
    broadcaster.publish(tally(5));
    broadcaster.publish(tally(3));
    jest.runAllTimers();
    expect(flushesTo(sent).map((e) => e.seq)).toEqual([1, 5]);
  });

  it('when two campaigns update, then each room is paced on its own and a quiet room is forgotten', () => {
    const { sent, notifier } = recordingNotifier();
    const broadcaster = new TallyBroadcaster(notifier, 250);
    broadcaster.publish(tally(1, 'a'));
    broadcaster.publish(tally(1, 'b'));
    expect(sent.map((s) => s.room)).toEqual(['campaign:a', 'campaign:b']);
    jest.advanceTimersByTime(1000);
    broadcaster.publish(tally(2, 'a'));
    expect(sent).toHaveLength(3);
    broadcaster.close();
  });

  it('when a tally comes without a donation (a refund, a reconciliation), then its event carries no feed entries', () => {
    const { sent, notifier } = recordingNotifier();
    new TallyBroadcaster(notifier, 250).publish(tally(1));
    expect(sent).toHaveLength(1);
    expect(sent[0]!.payload).not.toHaveProperty('recent');
  });

  it('when donations come with tallies, then the feed rides on the tally, batched newest first, one event per flush', () => {
    const { sent, notifier } = recordingNotifier();
    const broadcaster = new TallyBroadcaster(notifier, 250);
    const gift = (n: number) => ({ donorName: '张*', amountFen: n, matchedFen: 0, message: '', paidAt: new Date(0).toISOString() });
    broadcaster.publish(tally(1), gift(1));
    broadcaster.publish(tally(2), gift(2));
    broadcaster.publish(tally(3), gift(3));
    jest.runAllTimers();
    expect(sent.every((s) => s.event === 'campaign:tally')).toBe(true);
    const events = flushesTo(sent);
    expect(events.map((e) => e.seq)).toEqual([1, 3]);
    expect(events.map((e) => e.recent?.map((i) => i.amountFen))).toEqual([[1], [3, 2]]);
  });

  it('when leaderboard tops come with tallies, then the newest by its own seq rides on the flush, and none when nothing moved the board', () => {
    const { sent, notifier } = recordingNotifier();
    const broadcaster = new TallyBroadcaster(notifier, 250);
    const top = (seq: number) => ({ seq, items: [{ donorName: '张*', amountFen: seq * 100 }] });
    broadcaster.publish(tally(1));
    broadcaster.publish(tally(3), undefined, top(3));
    broadcaster.publish(tally(2), undefined, top(2)); // another replica's older change, arriving late
    broadcaster.publish(tally(4));
    jest.runAllTimers();
    const events = flushesTo(sent);
    expect(events.map((e) => e.seq)).toEqual([1, 4]);
    expect(events[0]).not.toHaveProperty('leaderboard');
    expect(events[1]!.leaderboard).toEqual(top(3));
  });
});

describe('maskName', () => {
  it('when a name is shown in the public feed, then only its first character remains', () => {
    expect(maskName('张三丰')).toBe('张*');
    expect(maskName('李')).toBe('李*');
    expect(maskName('  ')).toBe('爱心人士');
  });
});
