import type { ServerToClientEvents } from '@tongxin/shared';

type EventName = keyof ServerToClientEvents;

/**
 * How services reach connected clients without knowing Socket.IO: backed by the io server in the
 * API process and by the Redis emitter in workers; both fan out across replicas through Redis.
 */
export interface Notifier {
  emit<E extends EventName>(room: string, event: E, ...args: Parameters<ServerToClientEvents[E]>): void;
  /** Closes every socket in the room on every replica (a revoked session must not keep listening). */
  disconnectSockets(room: string): void;
}
