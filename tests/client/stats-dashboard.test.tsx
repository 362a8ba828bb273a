import { act, render, screen, within } from '@testing-library/react';
import type { UseQueryResult } from '@tanstack/react-query';
import type { LiveCounters, StatsFigures, StatsLiveEvent, StatsMealPointList, StatsUnfilledNeedList } from '@tongxin/shared';
import { RealtimeClient } from '@/services/realtime';
import type { RealtimeSocket } from '@/services/socket';
import { RealtimeContext } from '@/features/realtime/use-realtime';
import { DashboardView, type DashboardData, type DashboardLists } from '@/admin/dashboard/dashboard-view';
import { useLiveDonations } from '@/admin/dashboard/use-live-donations';
import { FakeSocket } from './support/fake-socket';

const figures = (over: Partial<StatsFigures> = {}): StatsFigures => ({
  registeredVolunteers: 12_345, newVolunteers: 12, activeVolunteers: 2_345, verifiedMinutes: 6_000, needsPosted: 42, shiftsOffered: 60, seatsOffered: 200,
  seatsTaken: 150, shiftsFilled: 30, fillRate: 0.75, medianMinutesToFill: 180, enrollmentsDue: 140, noShows: 7, noShowRate: 0.05, donations: 88,
  donationsFen: 1_234_500, donors: 70, matchedFen: 100_000, campaignsLive: 3, ...over,
});
const counters = (donations: number): LiveCounters => ({ enrollments: 5, verifiedMinutes: 120, needsPosted: 1, donations, donationsFen: donations * 1000, matchedFen: 0, donors: donations });

const DATA: DashboardData = {
  overview: {
    areaCode: '510100', areaName: '成都市', level: 'city', figures: figures(), from: '2026-11-01', to: '2026-11-02',
    days: [{ date: '2026-11-01', figures: figures() }, { date: '2026-11-02', figures: figures() }],
    today: { date: '2026-11-03', counters: counters(3) },
  },
  children: { areaCode: '510100', from: '2026-11-01', to: '2026-11-02', items: [
    { areaCode: '510104', areaName: '锦江区', level: 'division', figures: figures({ verifiedMinutes: 600 }) },
    { areaCode: '510105', areaName: '青羊区', level: 'division', figures: figures({ verifiedMinutes: 1200 }) },
  ] },
  gaps: { areaCode: '510100', items: [
    { id: 'unfilled:510104001001:n1', kind: 'unfilled-needs', areaCode: '510104001001', areaName: '幸福北社区', title: '幸福北社区有 1 项需求超过 48 小时未招满', detail: '共缺 4 个名额', subjectId: 'n1', since: '2026-11-01T00:00:00.000Z', raisedAt: '2026-11-03T00:00:00.000Z' },
  ] },
};

const MEAL_POINTS: StatsMealPointList = { areaCode: '510100', from: '2026-11-01', to: '2026-11-02', today: '2026-11-03', items: [
  { pointId: 'p1', pointName: '幸福北社区长者食堂', communityCode: '510104001001', capacity: 50, booked: 45, served: 40, useRate: 0.9, today: { capacity: 30, booked: 12, served: 0 } },
] };
const UNFILLED: StatsUnfilledNeedList = { areaCode: '510100', refreshedAt: '2026-11-03T00:00:00.000Z', items: [
  { needId: 'n1', title: '陪伴独居老人散步', communityCode: '510104001001', communityName: '幸福北社区', postedAt: '2026-11-01T00:00:00.000Z', placesOpen: 4, nextShiftStartsAt: '2026-11-05T01:00:00.000Z' },
] };

/** The parts of a react-query result the panels read, in each of its states. */
const ready = <T,>(data: T) => ({ isPending: false, isError: false, data, refetch: jest.fn() }) as unknown as UseQueryResult<T>;
const pending = <T,>() => ({ isPending: true, isError: false, refetch: jest.fn() }) as unknown as UseQueryResult<T>;
const failed = <T,>(refetch = jest.fn()) => ({ isPending: false, isError: true, error: new Error('boom'), refetch }) as unknown as UseQueryResult<T>;
const LISTS: DashboardLists = { mealPoints: ready(MEAL_POINTS), unfilled: ready(UNFILLED) };

function LiveDashboard({ onOpenArea, lists }: { onOpenArea: (code: string) => void; lists: DashboardLists }) {
  const live = useLiveDonations('510100', DATA.overview.today.counters);
  return <DashboardView data={DATA} lists={lists} live={live} onOpenArea={onOpenArea} />;
}

function setup(lists: DashboardLists = LISTS) {
  const socket = new FakeSocket();
  const client = new RealtimeClient(() => socket as unknown as RealtimeSocket);
  const onOpenArea = jest.fn();
  render(<RealtimeContext.Provider value={client}><LiveDashboard onOpenArea={onOpenArea} lists={lists} /></RealtimeContext.Provider>);
  return { socket, onOpenArea };
}

const section = (name: string) => document.querySelector(`[data-section="${name}"]`) as HTMLElement;

const tile = (label: string) => document.querySelector(`[data-tile="${label}"]`)!;

describe('DashboardView', () => {
  it('shows the overview tiles, the child areas, gaps, unfilled needs and meal points', () => {
    const { onOpenArea } = setup();
    expect(within(tile('注册志愿者') as HTMLElement).getByText('12,345')).toBeTruthy();
    expect(within(tile('核定服务时长') as HTMLElement).getByText('100 小时')).toBeTruthy();
    expect(within(tile('名额填充率') as HTMLElement).getByText('75%')).toBeTruthy();
    expect(within(tile('捐赠金额') as HTMLElement).getByText('¥12,345')).toBeTruthy();
    expect(screen.getByText('幸福北社区有 1 项需求超过 48 小时未招满')).toBeTruthy();
    expect(screen.getByText('缺 4 人')).toBeTruthy();
    expect(screen.getByText('45/50 份')).toBeTruthy();
    expect(within(section('meal-points')).getByText('90%')).toBeTruthy();
    expect(within(section('meal-points')).getByText('今日 12/30')).toBeTruthy();
    expect(document.querySelectorAll('[data-chart]')).toHaveLength(2);
    act(() => (document.querySelector('[data-area="510105"]') as HTMLElement).click());
    expect(onOpenArea).toHaveBeenCalledWith('510105');
  });

  it('shows each list’s own loading, empty and error state while the tiles stay', () => {
    const retry = jest.fn();
    setup({ mealPoints: pending(), unfilled: failed(retry) });
    expect(within(tile('注册志愿者') as HTMLElement).getByText('12,345')).toBeTruthy();
    expect(section('meal-points').querySelector('[data-state="loading"]')).toBeTruthy();
    const error = section('unfilled').querySelector('[data-state="error"]') as HTMLElement;
    expect(error).toBeTruthy();
    act(() => within(error).getByText('重试').click());
    expect(retry).toHaveBeenCalled();
  });

  it('says so when the range has no meal data and every need is filled', () => {
    setup({ mealPoints: ready({ ...MEAL_POINTS, items: [] }), unfilled: ready({ ...UNFILLED, items: [] }) });
    expect(within(section('meal-points')).getByText('该时段没有助餐数据')).toBeTruthy();
    expect(within(section('unfilled')).getByText('所有需求都已招满')).toBeTruthy();
    expect(document.querySelectorAll('[data-point], [data-need]')).toHaveLength(0);
  });

  it('watches the area’s stats:live room and shows today’s counters and the donation rate as pushes arrive', () => {
    const { socket } = setup();
    expect(screen.getByText(/近 5 分钟捐赠速率：等待数据/)).toBeTruthy();
    act(() => socket.deliver('connect'));
    expect(socket.emitted).toEqual([{ event: 'stats:watch', payload: { areaCode: '510100' } }]);
    const push = (donations: number, seq: number): StatsLiveEvent => ({ areaCode: '510100', date: '2026-11-03', counters: counters(donations), seq });
    act(() => socket.deliver('stats:live', push(10, 1_000_000)));
    act(() => socket.deliver('stats:live', push(40, 1_120_000))); // 30 more gifts in two minutes
    act(() => socket.deliver('stats:live', push(99, 1_100_000))); // older than the last: ignored
    act(() => socket.deliver('stats:live', { ...push(500, 2_000_000), areaCode: '510104' })); // another area: ignored
    expect(screen.getByText(/捐赠 40 笔/)).toBeTruthy();
    expect(screen.getByText('近 5 分钟捐赠速率：15 笔/分钟')).toBeTruthy();
  });
});
