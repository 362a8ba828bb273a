import type { Actor } from '@tongxin/shared';
import { rooms } from '@tongxin/shared';
import type { Socket } from 'socket.io';
import { setSocketActor } from './platform/actor';
import { AppError } from './platform/errors';
import type { Logger } from './platform/logger';
import type { Metrics } from './platform/metrics';
import type { IoServer } from './platform/realtime';

export interface SocketData {
  actor: Actor;
}

export interface RealtimeParts {
  verifyAccessToken: (token: string) => Actor;
  /** Each module registers its client commands on a new, authenticated socket. */
  socketHandlers: Array<(socket: Socket) => void>;
  logger: Logger;
  metrics: Metrics;
}

function tokenOf(socket: Socket): string | undefined {
  const fromAuth = (socket.handshake.auth as { token?: unknown }).token;
  if (typeof fromAuth === 'string') return fromAuth;
  const header = socket.handshake.headers.authorization;
  return header?.startsWith('Bearer ') ? header.slice(7) : undefined;
}

/**
 * Socket.IO with the API's access token checked at the handshake. Every socket joins its own user
 * room; other rooms are joined only through module commands that authorize first.
 */
export function attachRealtime(io: IoServer<SocketData>, parts: RealtimeParts): void {
  io.use((socket, next) => {
    try {
      const token = tokenOf(socket);
      if (!token) throw new AppError('UNAUTHENTICATED');
      setSocketActor(socket, parts.verifyAccessToken(token));
      parts.metrics.socketConnections.inc({ outcome: 'accepted' });
      next();
    } catch (error) {
      parts.metrics.socketConnections.inc({ outcome: 'refused' });
      const code = error instanceof AppError ? error.code : 'UNAUTHENTICATED';
      next(Object.assign(new Error(code), { data: { code } }));
    }
  });
  io.on('connection', (socket) => {
    void socket.join(rooms.user(socket.data.actor.userId));
    for (const register of parts.socketHandlers) register(socket);
  });
}
