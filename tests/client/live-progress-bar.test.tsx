import { act, render, screen } from '@testing-library/react';
import type { CampaignTally, CampaignView } from '@tongxin/shared';
import { RealtimeClient } from '@/services/realtime';
import type { RealtimeSocket } from '@/services/socket';
import { RealtimeContext } from '@/features/realtime/use-realtime';
import { LiveProgressBar, progressPercent } from '@/features/campaigns/live-progress-bar';
import { FakeSocket } from './support/fake-socket';
import { useLiveCampaign } from '@/features/campaigns/use-live-campaign';

const CAMPAIGN_ID = '64b7f0c2a1b2c3d4e5f60718';
const tally = (raisedFen: number, seq: number, donorCount = 1): CampaignTally => ({ raisedFen, donorCount, matchedFen: 0, goalFen: 100_000, seq });
const campaign = (t: CampaignTally) => ({ id: CAMPAIGN_ID, tally: t, recentDonations: [] }) as unknown as CampaignView;

function Live({ view, refetch }: { view: CampaignView; refetch: () => void }) {
  const live = useLiveCampaign(view, refetch);
  return (
    <>
      {live.tally ? <LiveProgressBar tally={live.tally} live={live.state === 'live'} /> : null}
      <ul>{live.feed.map((d) => <li key={d.paidAt}>{d.donorName} {d.amountFen}</li>)}</ul>
    </>
  );
}

function setup(initial = tally(10_000, 5)) {
  const socket = new FakeSocket();
  const client = new RealtimeClient(() => socket as unknown as RealtimeSocket);
  const refetch = jest.fn();
  const view = render(
    <RealtimeContext.Provider value={client}>
      <Live view={campaign(initial)} refetch={refetch} />
    </RealtimeContext.Provider>,
  );
  return { socket, client, refetch, view };
}

const raised = () => screen.getByText(/^已筹/).textContent;
const bar = () => screen.getByRole('progressbar');

describe('LiveProgressBar', () => {
  it('shows raised of goal in yuan, the percent for screen readers, and donors', () => {
    render(<LiveProgressBar tally={tally(12_345, 1, 3)} />);
    expect(raised()).toBe('已筹 ¥123.45');
    expect(screen.getByText('目标 ¥1,000.00')).toBeTruthy();
    expect(bar().getAttribute('aria-valuenow')).toBe('12');
    expect(screen.getByText('3 人次爱心 · 12%')).toBeTruthy();
    expect(progressPercent({ raisedFen: 300_000, goalFen: 100_000 })).toBe(100);
  });
});

describe('useLiveCampaign with the progress bar', () => {
  it('watches the campaign room once connected and moves the bar with each newer tally, ignoring stale ones', () => {
    const { socket } = setup();
    expect(raised()).toBe('已筹 ¥100.00');
    act(() => socket.deliver('connect'));
    expect(socket.emitted).toEqual([{ event: 'campaign:watch', payload: { campaignId: CAMPAIGN_ID } }]);
    expect(screen.getByText('● 实时')).toBeTruthy();

    act(() => socket.deliver('campaign:tally', { campaignId: CAMPAIGN_ID, ...tally(60_000, 7, 4) }));
    expect(raised()).toBe('已筹 ¥600.00');
    expect(bar().getAttribute('aria-valuenow')).toBe('60');
    // An older update (seq 6) and another campaign's update change nothing.
    act(() => socket.deliver('campaign:tally', { campaignId: CAMPAIGN_ID, ...tally(20_000, 6) }));
    act(() => socket.deliver('campaign:tally', { campaignId: 'ffffffffffffffffffffffff', ...tally(90_000, 99) }));
    expect(raised()).toBe('已筹 ¥600.00');
  });

  it('prepends the gifts a tally carries to the feed, even from a tally older than the one shown', () => {
    const { socket } = setup();
    act(() => socket.deliver('connect'));
    act(() => socket.deliver('campaign:tally', { campaignId: CAMPAIGN_ID, ...tally(60_000, 7, 4),
      recent: [{ donorName: '张*', amountFen: 5_000, matchedFen: 0, message: '', paidAt: '2026-12-01T01:00:00.000Z' }] }));
    act(() => socket.deliver('campaign:tally', { campaignId: CAMPAIGN_ID, ...tally(55_000, 6),
      recent: [{ donorName: '爱心人士', amountFen: 100, matchedFen: 0, message: '', paidAt: '2026-12-01T01:00:01.000Z' }] }));
    expect(screen.getAllByRole('listitem').map((li) => li.textContent)).toEqual(['爱心人士 100', '张* 5000']);
    expect(raised()).toBe('已筹 ¥600.00');
  });

  it('after a reconnect: watches the room again and catches up from the API', () => {
    const { socket, refetch } = setup();
    act(() => socket.deliver('connect'));
    expect(refetch).not.toHaveBeenCalled();
    act(() => socket.deliver('disconnect'));
    expect(screen.queryByText('● 实时')).toBeNull();
    act(() => socket.deliver('connect'));
    expect(socket.emitted.filter((e) => e.event === 'campaign:watch')).toHaveLength(2);
    expect(refetch).toHaveBeenCalledTimes(1);
  });

  it('leaves the room when the page goes away', () => {
    const { socket, view } = setup();
    act(() => socket.deliver('connect'));
    view.unmount();
    expect(socket.emitted.at(-1)).toEqual({ event: 'campaign:unwatch', payload: { campaignId: CAMPAIGN_ID } });
  });
});
