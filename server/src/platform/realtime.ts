import type { Server as HttpServer } from 'node:http';
import { createAdapter } from '@socket.io/redis-adapter';
import { Emitter } from '@socket.io/redis-emitter';
import { Server } from 'socket.io';
import type { ClientToServerEvents, ServerToClientEvents } from '@tongxin/shared';
import type { Redis } from 'ioredis';
import type { Logger } from './logger';
import type { Notifier } from './notifier';

export type IoServer<SocketData = unknown> = Server<ClientToServerEvents, ServerToClientEvents, Record<string, never>, SocketData>;

function adapterKey(prefix: string): string {
  return `${prefix}:socket.io`;
}

/** Socket.IO on the API's HTTP server; the Redis adapter shares rooms between replicas. */
export function createIoServer<SocketData>(
  httpServer: HttpServer,
  redis: { pub: Redis; sub: Redis; prefix: string },
): IoServer<SocketData> {
  return new Server(httpServer, {
    path: '/socket.io',
    serveClient: false,
    cors: { origin: true, credentials: true },
    maxHttpBufferSize: 16_384,
    // Tally broadcasts go to thousands of sockets: one encoding, no per-socket compression (the
    // engine.io default, stated here because turning it on would multiply the CPU per broadcast).
    // `ws` masks and unmasks frames with the `bufferutil` add-on when it is installed (it is).
    perMessageDeflate: false,
    adapter: createAdapter(redis.pub, redis.sub, { key: adapterKey(redis.prefix) }),
  });
}

export function ioNotifier<SocketData>(io: IoServer<SocketData>): Notifier {
  return {
    emit: (room, event, ...args) => void io.to(room).emit(event, ...args),
    disconnectSockets: (room) => io.in(room).disconnectSockets(true),
  };
}

/**
 * For processes without an io server (workers): publishes through the same adapter channel. Realtime
 * pushes are at-most-once (the inbox and the API are the record), so a publish that fails while
 * Redis is away is logged and dropped; the emitter library does not handle that rejection itself,
 * and unhandled it would end the worker process.
 */
export function redisNotifier(redis: Redis, prefix: string, logger: Logger): Notifier {
  const publisher = {
    publish: (channel: string, message: string | Buffer) =>
      redis.publish(channel, message).catch((err: unknown) => logger.warn({ err }, 'realtime push dropped: Redis unavailable')),
  };
  const emitter = new Emitter<ServerToClientEvents>(publisher, { key: adapterKey(prefix) });
  return {
    emit: (room, event, ...args) => void emitter.to(room).emit(event, ...args),
    disconnectSockets: (room) => emitter.in(room).disconnectSockets(true),
  };
}
