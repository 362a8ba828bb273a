import { act, fireEvent, render, screen } from '@testing-library/react';
import type { UseQueryResult } from '@tanstack/react-query';
import type { CampaignTally, LeaderboardTop } from '@tongxin/shared';
import { RealtimeClient } from '@/services/realtime';
import type { RealtimeSocket } from '@/services/socket';
import { RealtimeContext } from '@/features/realtime/use-realtime';
import { CampaignLeaderboard } from '@/features/giving/campaign-leaderboard';
import { useLiveLeaderboard } from '@/features/giving/use-live-leaderboard';
import { FakeSocket } from './support/fake-socket';

const CAMPAIGN_ID = '64b7f0c2a1b2c3d4e5f60718';
const tally = (seq: number): CampaignTally => ({ raisedFen: 10_000, donorCount: 2, matchedFen: 0, goalFen: 100_000, seq });
const top = (seq: number, items: LeaderboardTop['items']): LeaderboardTop => ({ seq, items });

/** The parts of a react-query result the board reads, in each of its states. */
const ready = (data: LeaderboardTop, refetch = jest.fn()) => ({ isPending: false, isError: false, data, refetch }) as unknown as UseQueryResult<LeaderboardTop>;
const pending = () => ({ isPending: true, isError: false, refetch: jest.fn() }) as unknown as UseQueryResult<LeaderboardTop>;
const failed = (refetch = jest.fn()) => ({ isPending: false, isError: true, error: new Error('boom'), refetch }) as unknown as UseQueryResult<LeaderboardTop>;

function LiveBoard({ query }: { query: UseQueryResult<LeaderboardTop> }) {
  return <CampaignLeaderboard query={query} top={useLiveLeaderboard(CAMPAIGN_ID, query)} />;
}

function setup(query: UseQueryResult<LeaderboardTop>) {
  const socket = new FakeSocket();
  const client = new RealtimeClient(() => socket as unknown as RealtimeSocket);
  render(<RealtimeContext.Provider value={client}><LiveBoard query={query} /></RealtimeContext.Provider>);
  act(() => socket.deliver('connect'));
  return socket;
}

const lines = () => screen.queryAllByRole('listitem').map((li) => li.textContent);

describe('CampaignLeaderboard', () => {
  it('shows the fetched board in order with masked names and yuan', () => {
    setup(ready(top(5, [{ donorName: '张*', amountFen: 50_000 }, { donorName: '爱心人士', amountFen: 1_050 }])));
    expect(lines()).toEqual(['1. 张*¥500.00', '2. 爱心人士¥10.50']);
  });

  it('says so while loading, invites the first donor when nobody is on the board, and offers a retry on error', () => {
    const { unmount } = render(<CampaignLeaderboard query={pending()} top={null} />);
    expect(screen.getByText('正在加载爱心榜…')).toBeTruthy();
    unmount();
    setup(ready(top(3, [])));
    expect(screen.getByText('还没有人上榜，来做第一个吧')).toBeTruthy();
    const refetch = jest.fn();
    render(<CampaignLeaderboard query={failed(refetch)} top={null} />);
    fireEvent.click(screen.getByRole('button', { name: '重试' }));
    expect(refetch).toHaveBeenCalledTimes(1);
  });

  it('watches the campaign room and takes a newer live top, ignoring older ones and other campaigns', () => {
    const socket = setup(ready(top(5, [{ donorName: '张*', amountFen: 50_000 }])));
    expect(socket.emitted).toContainEqual({ event: 'campaign:watch', payload: { campaignId: CAMPAIGN_ID } });
    act(() => socket.deliver('campaign:tally', { campaignId: CAMPAIGN_ID, ...tally(8),
      leaderboard: top(8, [{ donorName: '李*', amountFen: 60_000 }, { donorName: '张*', amountFen: 50_000 }]) }));
    expect(lines()).toEqual(['1. 李*¥600.00', '2. 张*¥500.00']);
    // Its own seq decides: a later tally carrying an older board, and another campaign's board, change nothing.
    act(() => socket.deliver('campaign:tally', { campaignId: CAMPAIGN_ID, ...tally(9), leaderboard: top(7, [{ donorName: '王*', amountFen: 1 }]) }));
    act(() => socket.deliver('campaign:tally', { campaignId: 'ffffffffffffffffffffffff', ...tally(99), leaderboard: top(99, []) }));
    act(() => socket.deliver('campaign:tally', { campaignId: CAMPAIGN_ID, ...tally(10) }));
    expect(lines()).toEqual(['1. 李*¥600.00', '2. 张*¥500.00']);
  });

  it('fetches the board again after a reconnect', () => {
    const refetch = jest.fn();
    const socket = setup(ready(top(5, []), refetch));
    expect(refetch).not.toHaveBeenCalled();
    act(() => socket.deliver('disconnect'));
    act(() => socket.deliver('connect'));
    expect(refetch).toHaveBeenCalledTimes(1);
  });
});
