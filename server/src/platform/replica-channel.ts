import { randomUUID } from 'node:crypto';
import type { Logger } from './logger';
import type { Redis } from './redis';

/**
 * Fans a message out to every replica over one Redis pub/sub channel. Each process tags its messages
 * with its origin id and ignores its own (it applied them before publishing). Pub/sub is
 * at-most-once: a replica that was disconnected misses what was said meanwhile, so `onResubscribed`
 * runs after every reconnect for the owner to catch up from where the state is kept durably.
 */
export class ReplicaChannel<T> {
  private readonly origin = randomUUID();
  private subscriber: Redis | undefined;

  constructor(
    private readonly publisher: Redis,
    private readonly channel: string,
    private readonly logger: Logger,
    /** Rebuilds a message from its JSON form (dates and typed arrays do not survive JSON). */
    private readonly revive: (raw: T) => T = (raw) => raw,
  ) {}

  async start(onMessage: (message: T) => void, onResubscribed?: () => void): Promise<void> {
    const subscriber = this.publisher.duplicate({ enableOfflineQueue: true, maxRetriesPerRequest: null, lazyConnect: true });
    this.subscriber = subscriber;
    subscriber.on('error', (error) => this.logger.warn({ err: error, channel: this.channel }, 'replica channel subscriber error'));
    subscriber.on('message', (_channel: string, raw: string) => {
      try {
        const { origin, message } = JSON.parse(raw) as { origin: string; message: T };
        if (origin !== this.origin) onMessage(this.revive(message));
      } catch (error) {
        this.logger.warn({ err: error, channel: this.channel }, 'replica channel message not applied');
      }
    });
    await subscriber.connect();
    await subscriber.subscribe(this.channel);
    // Registered after the first connection, so 'ready' from here on means a reconnect: ioredis
    // re-subscribes by itself, but what was published in between is lost.
    subscriber.on('ready', () => onResubscribed?.());
  }

  async publish(message: T): Promise<void> {
    await this.publisher.publish(this.channel, JSON.stringify({ origin: this.origin, message }));
  }

  async close(): Promise<void> {
    await this.subscriber?.quit().catch(() => this.subscriber?.disconnect());
  }
}
