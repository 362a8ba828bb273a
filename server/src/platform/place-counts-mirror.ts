import type { Redis } from './redis';

/** How long a mirrored count is trusted without hearing of it: a bound on staleness should a message be lost. */
const TRUST_MS = 10_000;
/** Counts kept per process before starting over (one per pool shown lately; a pool is a few dozen bytes). */
const MAX_POOLS = 200_000;

interface Mirrored {
  taken: number;
  at: number;
  /** The message sequence number when this count was set, to tell a fill that raced a message. */
  seq: number;
}

/**
 * A process's in-memory copy of PlacePool live counts, for read paths that must not wait on Redis
 * for every pool (the care map shows places left at 20 points a query). It follows every change
 * published by PlacePool (`changesChannel`, published in the same script as the change) and this
 * process's own changes at once (`apply`). A pool not yet seen, or not heard of for TRUST_MS, is
 * read from Redis in one batch. While the subscription is down nothing is trusted: every read goes
 * to Redis, and what was mirrored is dropped, since messages may have been missed.
 */
export class PlaceCountsMirror {
  private readonly counts = new Map<string, Mirrored>();
  private seq = 0;
  private live = false;
  private subscriber: Redis | null = null;

  constructor(
    /** Reads counts from Redis (rebuilding missing counters): the source this mirrors. */
    private readonly read: (pools: string[]) => Promise<Map<string, number>>,
    private readonly channel: string,
    private readonly now: () => number = () => Date.now(),
  ) {}

  /** Subscribes to the changes; until this is called every read goes to Redis. */
  async listen(connectSubscriber: () => Promise<Redis>): Promise<void> {
    if (this.subscriber) return;
    const subscriber = (this.subscriber = await connectSubscriber());
    subscriber.on('message', (_channel: string, message: string) => {
      const space = message.lastIndexOf(' ');
      this.apply(message.slice(0, space), Number(message.slice(space + 1)));
    });
    subscriber.on('close', () => this.distrust());
    // Connection errors while Redis is away: ioredis reconnects, and 'close' above already stopped trusting the mirror.
    subscriber.on('error', () => undefined);
    // ioredis subscribes again on reconnecting; counts mirrored before the gap are not trusted.
    subscriber.on('ready', () => {
      this.counts.clear();
      this.live = true;
    });
    await subscriber.subscribe(this.channel);
    this.live = true;
  }

  async close(): Promise<void> {
    this.distrust();
    const subscriber = this.subscriber;
    this.subscriber = null;
    await subscriber?.quit().catch(() => subscriber.disconnect());
  }

  /** A pool's count as just changed, here or on another process. */
  apply(pool: string, taken: number): void {
    if (!this.live || !Number.isFinite(taken)) return;
    if (this.counts.size >= MAX_POOLS) this.counts.clear();
    this.counts.set(pool, { taken, at: this.now(), seq: ++this.seq });
  }

  /** Places taken per pool: mirrored counts, and one Redis read for the rest. */
  async taken(pools: string[]): Promise<Map<string, number>> {
    if (!this.live) return this.read(pools);
    const now = this.now();
    const result = new Map<string, number>();
    const missing: string[] = [];
    for (const pool of pools) {
      const mirrored = this.counts.get(pool);
      if (mirrored && now - mirrored.at < TRUST_MS) result.set(pool, mirrored.taken);
      else missing.push(pool);
    }
    if (missing.length === 0) return result;
    const seqBefore = this.seq;
    const read = await this.read(missing);
    for (const [pool, taken] of read) {
      result.set(pool, taken);
      // A message that arrived while reading is at least as new as what was read before it.
      const current = this.counts.get(pool);
      if (this.live && !(current && current.seq > seqBefore)) {
        if (this.counts.size >= MAX_POOLS) this.counts.clear();
        this.counts.set(pool, { taken, at: this.now(), seq: seqBefore });
      }
    }
    return result;
  }

  private distrust(): void {
    this.live = false;
    this.counts.clear();
  }
}
