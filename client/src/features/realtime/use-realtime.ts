import { createContext, useContext, useEffect, useRef, useState } from 'react';
import type { ServerToClientEvents } from '@tongxin/shared';
import { realtime as appRealtime, type LiveState, type RealtimeClient, type RoomRef } from '@/services/realtime';

export type { LiveState, RoomRef } from '@/services/realtime';

/** The realtime client hooks use: the app's one connection, or another one in tests. */
export const RealtimeContext = createContext<RealtimeClient>(appRealtime);


/** The shared connection's state, for a "live" indicator. */
export function useLiveState(): LiveState {
  const realtime = useContext(RealtimeContext);
  const [state, setState] = useState<LiveState>(realtime.state);
  useEffect(() => {
    setState(realtime.state);
    return realtime.onState(setState);
  }, [realtime]);
  return state;
}

/** Watches the given rooms while the component is mounted (and `enabled`). */
export function useRooms(rooms: RoomRef[], enabled = true): void {
  const realtime = useContext(RealtimeContext);
  const key = rooms.map((r) => `${r.kind}:${r.id}`).join(',');
  useEffect(() => {
    if (!enabled || rooms.length === 0) return undefined;
    const leaves = rooms.map((room) => realtime.watch(room));
    return () => leaves.forEach((leave) => leave());
    // `key` identifies the rooms; the array itself is new on every render.
    // eslint-disable-next-line react-hooks/exhaustive-deps
  }, [realtime, key, enabled]);
}

/** Runs the latest `handler` for each `event` while mounted. */
export function useRealtimeEvent<E extends keyof ServerToClientEvents>(event: E, handler: ServerToClientEvents[E], enabled = true): void {
  const realtime = useContext(RealtimeContext);
  const latest = useRef(handler);
  latest.current = handler;
  useEffect(() => {
    if (!enabled) return undefined;
    const forward = ((payload: never) => (latest.current as (p: never) => void)(payload)) as ServerToClientEvents[E];
    return realtime.on(event, forward);
  }, [realtime, event, enabled]);
}

/** Runs `catchUp` after every reconnect, to fetch what happened while the connection was down. */
export function useResync(catchUp: () => void, enabled = true): void {
  const realtime = useContext(RealtimeContext);
  const latest = useRef(catchUp);
  latest.current = catchUp;
  useEffect(() => (enabled ? realtime.onResync(() => latest.current()) : undefined), [realtime, enabled]);
}
