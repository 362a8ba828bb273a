import type { Redis } from './redis';

/**
 * A mirrored count not heard of for this long is read again from Redis, in the background: it is
 * still shown meanwhile (the mirror follows every change, so it is stale only if a message was lost).
 */
const REFRESH_AFTER_MS = 10_000;
/** How long a mirrored count is trusted at all without hearing of it: older ones are read before they are shown. */
const TRUST_MS = 60_000;
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
 * read from Redis in one batch before it is shown; one not heard of for REFRESH_AFTER_MS is shown and
 * read again in the background (batched), so a read path under traffic does not wait on Redis. While
 * the subscription is down nothing is trusted: every read goes to Redis, and what was mirrored is
 * dropped, since messages may have been missed.
 */
export class PlaceCountsMirror {
  private readonly counts = new Map<string, Mirrored>();
  private seq = 0;
  /** Counts once the subscription is lost or renewed; a read begun before then may have missed messages. */
  private epoch = 0;
  private live = false;
  /** Pools to read again in the background, and those being read. */
  private readonly stale = new Set<string>();
  private readonly refreshing = new Set<string>();
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
      this.epoch++;
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
      const age = mirrored ? now - mirrored.at : Infinity;
      if (age >= TRUST_MS) {
        missing.push(pool);
        continue;
      }
      result.set(pool, mirrored!.taken);
      if (age >= REFRESH_AFTER_MS) this.refreshLater(pool);
    }
    if (missing.length === 0) return result;
    const seqBefore = this.seq;
    const epoch = this.epoch;
    const read = await this.read(missing);
    for (const [pool, taken] of read) result.set(pool, taken);
    this.remember(read, seqBefore, epoch);
    return result;
  }

  /** Counts just read, unless a message that arrived while reading (at least as new) set one since. */
  private remember(read: Map<string, number>, seqBefore: number, epoch: number): void {
    if (!this.live || epoch !== this.epoch) return;
    for (const [pool, taken] of read) {
      const current = this.counts.get(pool);
      if (current && current.seq > seqBefore) continue;
      if (this.counts.size >= MAX_POOLS) this.counts.clear();
      this.counts.set(pool, { taken, at: this.now(), seq: seqBefore });
    }
  }

  /** Queues a pool for the next background read: one read for all pools queued in a turn of the event loop. */
  private refreshLater(pool: string): void {
    if (this.refreshing.has(pool) || this.stale.has(pool)) return;
    this.stale.add(pool);
    if (this.stale.size === 1) setImmediate(() => this.refresh());
  }

  private refresh(): void {
    const pools = [...this.stale];
    this.stale.clear();
    if (!this.live || pools.length === 0) return;
    for (const pool of pools) this.refreshing.add(pool);
    const seqBefore = this.seq;
    const epoch = this.epoch;
    // A failed read leaves the counts as they were: the next query that shows them queues them again.
    this.read(pools).then((read) => this.remember(read, seqBefore, epoch), () => undefined).finally(() => {
      for (const pool of pools) this.refreshing.delete(pool);
    });
  }

  private distrust(): void {
    this.epoch++;
    this.stale.clear();
    this.live = false;
    this.counts.clear();
  }
}
