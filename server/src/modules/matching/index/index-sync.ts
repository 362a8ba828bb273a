import { randomUUID } from 'node:crypto';
import type { Logger } from '../../../platform/logger';
import type { Redis } from '../../../platform/redis';
import { reviveChange, type IndexChange } from './live-index';

/**
 * Fans index changes out to every replica over one Redis pub/sub channel. Each process tags its
 * messages with its origin id and ignores its own (it applied them before publishing). Pub/sub is
 * at-most-once: a replica that was disconnected catches up from the store by `updatedAt` at its next
 * start (profiles), and schedules are rebuilt at start-up.
 */
export class IndexSync {
  private readonly origin = randomUUID();
  private subscriber: Redis | undefined;

  constructor(
    private readonly publisher: Redis,
    private readonly channel: string,
    private readonly logger: Logger,
  ) {}

  async start(onChange: (change: IndexChange) => void): Promise<void> {
    const subscriber = this.publisher.duplicate({ enableOfflineQueue: true, maxRetriesPerRequest: null, lazyConnect: true });
    this.subscriber = subscriber;
    subscriber.on('error', (error) => this.logger.warn({ err: error }, 'matching index subscriber error'));
    subscriber.on('message', (_channel: string, message: string) => {
      try {
        const { origin, change } = JSON.parse(message) as { origin: string; change: IndexChange };
        if (origin !== this.origin) onChange(reviveChange(change));
      } catch (error) {
        this.logger.warn({ err: error }, 'matching index change not applied');
      }
    });
    await subscriber.connect();
    await subscriber.subscribe(this.channel);
  }

  async publish(change: IndexChange): Promise<void> {
    await this.publisher.publish(this.channel, JSON.stringify({ origin: this.origin, change }));
  }

  async close(): Promise<void> {
    await this.subscriber?.quit().catch(() => this.subscriber?.disconnect());
  }
}
