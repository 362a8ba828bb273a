import { io } from 'socket.io-client';
import { SOCKET_ORIGIN } from './endpoints';
import { realtimeOptions, recoverExpiredSession, type RealtimeSocket } from './socket-options';

export type { RealtimeSocket } from './socket-options';

/**
 * Opens the realtime connection, on the web: same origin, Socket.IO's default transports
 * (long-polling first, upgraded to websocket). The mini-program variant is `socket.weapp.ts`.
 */
export function connectRealtime(): RealtimeSocket {
  const options = realtimeOptions();
  return recoverExpiredSession(SOCKET_ORIGIN === undefined ? io(options) : io(SOCKET_ORIGIN, options));
}
