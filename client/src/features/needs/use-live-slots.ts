import { useCallback, useEffect, useMemo, useRef, useState } from 'react';
import type { NeedSlotsEvent, ShiftView } from '@tongxin/shared';
import { SeqGate } from '@/services/realtime';
import { useLiveState, useRealtimeEvent, useResync, useRooms, type LiveState } from '@/features/realtime/use-realtime';

export type { LiveState } from '@/features/realtime/use-realtime';

export type SlotsByShift = Record<string, NeedSlotsEvent>;

export interface LiveSlots {
  state: LiveState;
  /** The latest `need:slots` per shift id. */
  slots: SlotsByShift;
  /** Forgets received updates, e.g. after the list was reloaded with fresher numbers. */
  reset: () => void;
}

/** A shift with the live numbers applied when an update for it arrived. */
export function withLiveSlots(shift: ShiftView, slots: SlotsByShift): ShiftView {
  const live = slots[shift.id];
  return live ? { ...shift, capacity: live.capacity, enrolled: live.enrolled, slotsLeft: live.slotsLeft } : shift;
}

/**
 * Live places left for the given needs over the app's one realtime connection: every need watched
 * (again after each reconnect, by the realtime client), updates older than the last seen `seq` of
 * their shift dropped, and `onResync` (e.g. a refetch) run after a reconnect to catch up.
 * `fetchedAt` is when the shown needs were last fetched (a query's `dataUpdatedAt`): a fetch
 * finished after the updates held so far, so they are dropped and the fetched numbers shown; the
 * shift views carry no `seq` to compare with, and without this a refetch (after a reconnect or a
 * pull-down) would stay hidden under an older live update.
 */
export function useLiveSlots(needIds: string[], enabled = true, onResync?: () => void, fetchedAt?: number): LiveSlots {
  const [slots, setSlots] = useState<SlotsByShift>({});
  const gate = useRef(new SeqGate());
  const rooms = useMemo(() => needIds.map((id) => ({ kind: 'need' as const, id })), [needIds]);
  const state = useLiveState();
  const wanted = useMemo(() => new Set(needIds), [needIds]);

  useEffect(() => setSlots((current) => (Object.keys(current).length === 0 ? current : {})), [fetchedAt]);
  useRooms(rooms, enabled);
  useRealtimeEvent('need:slots', (event) => {
    if (!wanted.has(event.needId) || !gate.current.accept(event.shiftId, event.seq)) return;
    setSlots((current) => ({ ...current, [event.shiftId]: event }));
  }, enabled);
  useResync(() => onResync?.(), enabled && onResync !== undefined);

  const reset = useCallback(() => setSlots({}), []);
  return { state: enabled ? state : 'idle', slots, reset };
}
