import { act, render, screen } from '@testing-library/react';
import type { NeedSlotsEvent, ShiftView } from '@tongxin/shared';
import { RealtimeClient } from '@/services/realtime';
import type { RealtimeSocket } from '@/services/socket';
import { RealtimeContext } from '@/features/realtime/use-realtime';
import { useLiveSlots, withLiveSlots } from '@/features/needs/use-live-slots';
import { FakeSocket } from './support/fake-socket';

/**
 * Places left on a need's page over the app's realtime client: live updates in `seq` order, the
 * need room watched again after a reconnect with a catch-up asked for, and a refetch's numbers
 * shown over the live ones it is newer than.
 */
const NEED_ID = '64b7f0c2a1b2c3d4e5f60719';
const SHIFT_ID = '64b7f0c2a1b2c3d4e5f6071a';
const shift = (enrolled: number): ShiftView => ({ id: SHIFT_ID, startsAt: '2026-12-01T01:00:00.000Z', endsAt: '2026-12-01T03:00:00.000Z', capacity: 5, enrolled, slotsLeft: 5 - enrolled });
const slots = (enrolled: number, seq: number): NeedSlotsEvent => ({ needId: NEED_ID, shiftId: SHIFT_ID, capacity: 5, enrolled, slotsLeft: 5 - enrolled, seq });
const IDS = [NEED_ID];

function Places({ fetched, fetchedAt, refetch }: { fetched: ShiftView; fetchedAt: number; refetch: () => void }) {
  const live = useLiveSlots(IDS, true, refetch, fetchedAt);
  return <p>已报名 {withLiveSlots(fetched, live.slots).enrolled}</p>;
}

function setup() {
  const socket = new FakeSocket();
  const client = new RealtimeClient(() => socket as unknown as RealtimeSocket);
  const refetch = jest.fn();
  const view = (fetched: ShiftView, fetchedAt: number) => (
    <RealtimeContext.Provider value={client}>
      <Places fetched={fetched} fetchedAt={fetchedAt} refetch={refetch} />
    </RealtimeContext.Provider>
  );
  const rendered = render(view(shift(1), 1000));
  return { socket, refetch, rerender: (fetched: ShiftView, fetchedAt: number) => rendered.rerender(view(fetched, fetchedAt)) };
}

const shown = () => screen.getByText(/^已报名/).textContent;
const watches = (socket: FakeSocket) => socket.emitted.filter((e) => e.event === 'need:watch');

describe('useLiveSlots', () => {
  it('applies newer updates of a shift and drops ones older than the last seq', () => {
    const { socket } = setup();
    act(() => socket.deliver('connect'));
    expect(watches(socket)).toEqual([{ event: 'need:watch', payload: { needId: NEED_ID } }]);
    act(() => socket.deliver('need:slots', slots(3, 7)));
    expect(shown()).toBe('已报名 3');
    act(() => socket.deliver('need:slots', slots(2, 6)));
    expect(shown()).toBe('已报名 3');
  });

  it('after a reconnect watches the need again and asks for a catch-up; the refetched numbers replace the older live ones', () => {
    const { socket, refetch, rerender } = setup();
    act(() => socket.deliver('connect'));
    act(() => socket.deliver('need:slots', slots(2, 3)));
    expect(refetch).not.toHaveBeenCalled();

    act(() => socket.deliver('disconnect'));
    act(() => socket.deliver('connect'));
    expect(watches(socket)).toHaveLength(2);
    expect(refetch).toHaveBeenCalledTimes(1);
    // While offline two more people signed up; the catch-up fetch says 4.
    rerender(shift(4), 2000);
    expect(shown()).toBe('已报名 4');
    // Later updates still arrive, and stale replays stay dropped.
    act(() => socket.deliver('need:slots', slots(3, 3)));
    expect(shown()).toBe('已报名 4');
    act(() => socket.deliver('need:slots', slots(5, 6)));
    expect(shown()).toBe('已报名 5');
  });
});
