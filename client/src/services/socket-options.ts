import type { ManagerOptions, Socket, SocketOptions } from 'socket.io-client';
import type { ClientToServerEvents, ErrorCode, ServerToClientEvents } from '@tongxin/shared';
import { refreshSession } from './api';
import { SOCKET_PATH } from './endpoints';
import { session } from './session';

export type RealtimeSocket = Socket<ServerToClientEvents, ClientToServerEvents>;

/** Least time between two token renewals started by refused handshakes, in ms; stops a refresh loop. */
const RECOVERY_INTERVAL_MS = 30_000;

/** Options both platforms share. */
export function realtimeOptions(): Partial<ManagerOptions & SocketOptions> {
  return {
    path: SOCKET_PATH,
    // A function, so every (re)connection presents the current token, also after a refresh.
    auth: (cb) => cb({ token: session.accessToken() ?? '' }),
    reconnectionDelay: 1_000,
    reconnectionDelayMax: 10_000,
  };
}

/**
 * The server refuses a handshake with an expired token (`error.data.code`), and Socket.IO does not
 * retry refusals by itself: renew the tokens and connect again.
 */
export function recoverExpiredSession(socket: RealtimeSocket): RealtimeSocket {
  let lastRecovery = 0;
  socket.on('connect_error', (error) => {
    const code = (error as Error & { data?: { code?: ErrorCode } }).data?.code;
    if (socket.active || code !== 'TOKEN_EXPIRED') return;
    if (Date.now() - lastRecovery < RECOVERY_INTERVAL_MS) return;
    lastRecovery = Date.now();
    refreshSession()
      .then((renewed) => renewed && socket.connect())
      .catch(() => undefined);
  });
  return socket;
}
