import { useCallback, useEffect, useRef, useState } from 'react';
import type { NeedSlotsEvent, ShiftView } from '@tongxin/shared';
import { connectRealtime, type RealtimeSocket } from '@/services/socket';

/** How long to wait for a `need:watch` acknowledgement, in ms. */
const WATCH_ACK_TIMEOUT_MS = 5_000;

export type LiveState = 'connecting' | 'live' | 'offline';

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

function watch(socket: RealtimeSocket, needId: string): void {
  // A refused watch (the need closed, no access) leaves that card on its fetched numbers.
  socket.timeout(WATCH_ACK_TIMEOUT_MS).emit('need:watch', { needId }, () => undefined);
}

/**
 * Live places left for the given needs: one socket per page, every need watched, watches renewed
 * after each reconnect (rooms do not survive one), and updates older than the last seen `seq` of
 * their shift dropped.
 */
export function useLiveSlots(needIds: string[], enabled = true): LiveSlots {
  const [state, setState] = useState<LiveState>('connecting');
  const [slots, setSlots] = useState<SlotsByShift>({});
  const socketRef = useRef<RealtimeSocket | null>(null);
  const watched = useRef(new Set<string>());
  const wanted = useRef<string[]>(needIds);
  wanted.current = needIds;

  useEffect(() => {
    if (!enabled) return undefined;
    let socket: RealtimeSocket;
    try {
      socket = connectRealtime();
    } catch {
      setState('offline');
      return undefined;
    }
    socketRef.current = socket;
    socket.on('connect', () => {
      setState('live');
      watched.current = new Set(wanted.current);
      for (const id of wanted.current) watch(socket, id);
    });
    socket.on('disconnect', () => setState('connecting'));
    socket.on('connect_error', () => setState(socket.active ? 'connecting' : 'offline'));
    socket.on('need:slots', (event) => {
      setSlots((current) => {
        const seen = current[event.shiftId];
        return seen && seen.seq >= event.seq ? current : { ...current, [event.shiftId]: event };
      });
    });
    return () => {
      socket.disconnect();
      socketRef.current = null;
      watched.current = new Set();
    };
  }, [enabled]);

  // Needs that arrive later (next page, reload) are watched on the open connection.
  useEffect(() => {
    const socket = socketRef.current;
    if (!socket?.connected) return;
    for (const id of needIds) {
      if (watched.current.has(id)) continue;
      watched.current.add(id);
      watch(socket, id);
    }
  }, [needIds]);

  const reset = useCallback(() => setSlots({}), []);
  return { state, slots, reset };
}
