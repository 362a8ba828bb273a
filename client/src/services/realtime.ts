import type { ServerToClientEvents } from '@tongxin/shared';
import { connectRealtime, type RealtimeSocket } from './socket';

/** A Socket.IO room the client can watch; the server checks access on every watch. */
export type RoomRef = { kind: 'need'; id: string } | { kind: 'campaign'; id: string } | { kind: 'stats'; id: string };

export type LiveState = 'idle' | 'connecting' | 'live' | 'offline';

type EventName = keyof ServerToClientEvents;

/** How long to wait for a watch acknowledgement, in ms. */
const WATCH_ACK_TIMEOUT_MS = 5_000;

const roomKey = (room: RoomRef) => `${room.kind}:${room.id}`;

function emitWatch(socket: RealtimeSocket, room: RoomRef, watching: boolean): void {
  // A refused watch (closed need, no access) leaves the page on its fetched numbers; nothing to do.
  const ignore = () => undefined;
  const timed = socket.timeout(WATCH_ACK_TIMEOUT_MS);
  if (room.kind === 'need') timed.emit(watching ? 'need:watch' : 'need:unwatch', { needId: room.id }, ignore);
  // A statistics area (`id` is the area code); the server checks `stats:read` on every watch.
  else if (room.kind === 'stats') timed.emit(watching ? 'stats:watch' : 'stats:unwatch', { areaCode: room.id }, ignore);
  else timed.emit(watching ? 'campaign:watch' : 'campaign:unwatch', { campaignId: room.id }, ignore);
}

/**
 * The app's one realtime connection, the same on both targets (`connectRealtime` is the platform
 * part). It connects on first use with the current access token, watches rooms by reference
 * count, watches them all again after every reconnect (rooms do not survive one) and then tells
 * `onResync` listeners, who catch up from the API what they missed while offline.
 */
export class RealtimeClient {
  private socket: RealtimeSocket | null = null;
  private readonly rooms = new Map<string, { room: RoomRef; count: number }>();
  private readonly stateListeners = new Set<(state: LiveState) => void>();
  private readonly resyncListeners = new Set<() => void>();
  private readonly handlers = new Map<EventName, Set<(event: never) => void>>();
  private connectedBefore = false;
  private current: LiveState = 'idle';

  constructor(private readonly open: () => RealtimeSocket) {}

  get state(): LiveState {
    return this.current;
  }

  /** Watches a room until the returned function is called (the room is left when no one watches it). */
  watch(room: RoomRef): () => void {
    const key = roomKey(room);
    const entry = this.rooms.get(key);
    if (entry) entry.count += 1;
    else {
      this.rooms.set(key, { room, count: 1 });
      const socket = this.ensureSocket();
      if (socket?.connected) emitWatch(socket, room, true);
    }
    let left = false;
    return () => {
      if (left) return;
      left = true;
      const held = this.rooms.get(key);
      if (!held) return;
      held.count -= 1;
      if (held.count > 0) return;
      this.rooms.delete(key);
      if (this.socket?.connected) emitWatch(this.socket, room, false);
    };
  }

  /** Listens to a server event; returns the function that stops listening. */
  on<E extends EventName>(event: E, handler: ServerToClientEvents[E]): () => void {
    let set = this.handlers.get(event);
    if (!set) {
      set = new Set();
      this.handlers.set(event, set);
      // One socket listener per event, fanned out here, so listeners survive a restart of the socket.
      this.socket?.on(event, this.dispatcher(event) as never);
    }
    set.add(handler as (event: never) => void);
    this.ensureSocket();
    return () => {
      set.delete(handler as (event: never) => void);
    };
  }

  /** Called after each reconnect, once rooms are watched again: fetch what may have been missed. */
  onResync(listener: () => void): () => void {
    this.resyncListeners.add(listener);
    return () => this.resyncListeners.delete(listener);
  }

  onState(listener: (state: LiveState) => void): () => void {
    this.stateListeners.add(listener);
    return () => this.stateListeners.delete(listener);
  }

  /** Drops the connection (sign-out, another user signed in); the next use connects with the new token. */
  restart(): void {
    this.socket?.disconnect();
    this.socket = null;
    this.connectedBefore = false;
    this.setState('idle');
    if (this.rooms.size > 0 || this.handlers.size > 0) this.ensureSocket();
  }

  private dispatcher(event: EventName) {
    return (payload: never) => {
      for (const handler of this.handlers.get(event) ?? []) handler(payload);
    };
  }

  private ensureSocket(): RealtimeSocket | null {
    if (this.socket) return this.socket;
    let socket: RealtimeSocket;
    try {
      socket = this.open();
    } catch {
      this.setState('offline');
      return null;
    }
    this.socket = socket;
    this.setState('connecting');
    for (const event of this.handlers.keys()) socket.on(event, this.dispatcher(event) as never);
    socket.on('connect', () => {
      for (const { room } of this.rooms.values()) emitWatch(socket, room, true);
      this.setState('live');
      if (this.connectedBefore) for (const listener of this.resyncListeners) listener();
      this.connectedBefore = true;
    });
    socket.on('disconnect', () => this.setState('connecting'));
    socket.on('connect_error', () => this.setState(socket.active ? 'connecting' : 'offline'));
    return socket;
  }

  private setState(state: LiveState): void {
    if (state === this.current) return;
    this.current = state;
    for (const listener of this.stateListeners) listener(state);
  }
}

/** Keeps the highest `seq` seen per key, so late or replayed events never move numbers backwards. */
export class SeqGate {
  private readonly seen = new Map<string, number>();

  /** True when `seq` is newer than anything seen for `key` (and remembers it). */
  accept(key: string, seq: number): boolean {
    const last = this.seen.get(key);
    if (last !== undefined && last >= seq) return false;
    this.seen.set(key, seq);
    return true;
  }

  last(key: string): number | undefined {
    return this.seen.get(key);
  }
}

export const realtime = new RealtimeClient(connectRealtime);
