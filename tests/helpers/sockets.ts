import { io, type Socket } from 'socket.io-client';
import type { Ack, ClientToServerEvents, ServerToClientEvents } from '@tongxin/shared';

export type TestSocket = Socket<ServerToClientEvents, ClientToServerEvents>;

/** A real Socket.IO client over websocket, connected (or rejected) before it resolves. */
export function connectSocket(url: string, token?: string, transports: Array<'polling' | 'websocket'> = ['websocket']): Promise<TestSocket> {
  const socket: TestSocket = io(url, { transports, auth: token ? { token } : {}, reconnection: false, forceNew: true });
  return new Promise((resolve, reject) => {
    socket.once('connect', () => resolve(socket));
    socket.once('connect_error', (error) => {
      socket.close();
      reject(error);
    });
  });
}

export function emitWithAck<E extends keyof ClientToServerEvents>(socket: TestSocket, event: E, payload: unknown): Promise<Ack> {
  return (socket.timeout(5000) as unknown as { emitWithAck(e: string, p: unknown): Promise<Ack> }).emitWithAck(event, payload);
}

/** Resolves with the next `event` the socket receives that satisfies `match`. */
export function nextEvent<E extends keyof ServerToClientEvents>(
  socket: TestSocket,
  event: E,
  match: (payload: Parameters<ServerToClientEvents[E]>[0]) => boolean = () => true,
  timeoutMs = 10_000,
): Promise<Parameters<ServerToClientEvents[E]>[0]> {
  return new Promise((resolve, reject) => {
    const timer = setTimeout(() => reject(new Error(`no ${event} within ${timeoutMs} ms`)), timeoutMs);
    const listener = (payload: Parameters<ServerToClientEvents[E]>[0]) => {
      if (!match(payload)) return;
      clearTimeout(timer);
      (socket.off as (e: string, l: unknown) => void)(event, listener);
      resolve(payload);
    };
    (socket.on as (e: string, l: unknown) => void)(event, listener);
  });
}
