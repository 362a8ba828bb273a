import mongoose, { Schema, type Connection, type Model } from 'mongoose';
import type { Redis } from './redis';
import { insertOnce } from './insert-once';

/** One taken place. `_id` is `<pool>#<place number>`: a place is held by whoever inserted it. */
export interface PlaceRecord {
  _id: string;
  pool: string;
  holder: string;
  claimedAt: Date;
}

// Changes a counter only while it exists; a missing counter is rebuilt from the places, never guessed.
// With a channel (ARGV[2]), the new count is published as `<pool> <count>` in the same script, so
// subscribers see a pool's changes in the order they happened, whichever process made them.
const ADD_IF_PRESENT = `if redis.call('exists', KEYS[1]) == 1 then
  local n = redis.call('incrby', KEYS[1], ARGV[1])
  if ARGV[2] ~= '' then redis.call('publish', ARGV[2], ARGV[3] .. ' ' .. n) end
  return n
end
return false`;
const COUNTER_TTL_SECONDS = 60 * 86_400;

export interface PlacePoolOptions {
  /** Collection of the place documents, e.g. `shift_seats`. */
  collection: string;
  /** mongoose model name; one per collection and connection. */
  modelName: string;
  /** Redis key stem of the live counts (`<prefix>:<counterName>:<pool>`). */
  counterName: string;
  /** Redis key stem of the per-pool claim cursor. */
  cursorName: string;
  /** Where each change of a live count is published (for in-memory mirrors, see PlaceCountsMirror). */
  changesChannel?: string;
  /** Told of this process's own changes at once, before subscribers hear of them. */
  onCount?: (pool: string, taken: number) => void;
}

function placeModel(connection: Connection, { collection, modelName }: PlacePoolOptions): Model<PlaceRecord> {
  const existing = connection.models[modelName] as Model<PlaceRecord> | undefined;
  if (existing) return existing;
  const schema = new Schema<PlaceRecord>(
    {
      _id: { type: String, required: true },
      pool: { type: String, required: true },
      holder: { type: String, required: true },
      claimedAt: { type: Date, required: true },
    },
    { strict: 'throw', collection, versionKey: false },
  );
  schema.index({ pool: 1 });
  return connection.model<PlaceRecord>(modelName, schema);
}

/**
 * Numbered places in named pools (a shift's seats, a meal's portions, an elder's subsidized meals a
 * week), safe under any concurrency on every MongoDB-compatible store: a place is a document with a
 * unique `_id`, so two claimants can never hold the same one and a pool never has more holders than
 * place numbers. (FerretDB 1.24 applies updates as read-then-write, so a guarded `$inc` overbooks
 * there; inserts on a unique `_id` are its one atomic primitive.) Redis keeps the live count per pool
 * for display and for refusing a full pool without trying every place.
 */
export class PlacePool {
  private readonly places: Model<PlaceRecord>;

  constructor(
    connection: Connection,
    private readonly redis: Redis,
    private readonly prefix: string,
    private readonly options: PlacePoolOptions,
  ) {
    this.places = placeModel(connection, options);
  }

  /** Takes a free place number in 1..capacity; null when the pool is full. */
  async claim(pool: string, capacity: number, holder: string): Promise<number | null> {
    if (capacity <= 0 || (await this.taken([pool])).get(pool)! >= capacity) return null;
    // Each claimant starts at its own place, so under a burst most claims succeed on the first insert.
    const start = await this.redis.incr(`${this.prefix}:${this.options.cursorName}:${pool}`);
    for (let i = 0; i < capacity; i++) {
      const place = ((start - 1 + i) % capacity) + 1;
      if (!(await insertOnce(this.places, { _id: `${pool}#${place}`, pool, holder, claimedAt: new Date() }))) continue;
      await this.addIfPresent(pool, 1);
      return place;
    }
    return null;
  }

  /** Frees a place if this holder holds it; true when it did. */
  async release(pool: string, place: number, holder: string): Promise<boolean> {
    const { deletedCount } = await this.places.deleteOne({ _id: `${pool}#${place}`, holder }).exec();
    if (deletedCount === 1) await this.addIfPresent(pool, -1);
    return deletedCount === 1;
  }

  /** Whether any place numbered above `capacity` (up to `previous`) is held: a pool cannot shrink below them. */
  async anyHeldAbove(pool: string, capacity: number, previous: number): Promise<boolean> {
    for (let n = capacity + 1; n <= previous; n++) if (await this.places.exists({ _id: `${pool}#${n}` })) return true;
    return false;
  }

  /** Starts the live counts of new pools at zero, so the first claims need not count places in the store. */
  async initialize(pools: string[]): Promise<void> {
    if (pools.length === 0) return;
    const pipeline = this.redis.pipeline();
    for (const pool of pools) pipeline.set(this.counterKey(pool), 0, 'EX', COUNTER_TTL_SECONDS, 'NX');
    await pipeline.exec();
  }

  /** Places taken per pool, from Redis; missing counters are rebuilt together by counting the places. */
  async taken(pools: string[]): Promise<Map<string, number>> {
    const result = new Map<string, number>();
    if (pools.length === 0) return result;
    const counters = await this.redis.mget(pools.map((pool) => this.counterKey(pool)));
    const missing: string[] = [];
    for (const [i, pool] of pools.entries()) {
      const cached = counters[i];
      if (cached !== null && cached !== undefined) result.set(pool, Number(cached));
      else missing.push(pool);
    }
    if (missing.length > 0) for (const [pool, count] of await this.rebuild(missing)) result.set(pool, count);
    return result;
  }

  /** One store query for every missing pool (a scan on FerretDB, an index range on MongoDB), then the counters. */
  private async rebuild(pools: string[]): Promise<Map<string, number>> {
    const counts = new Map(pools.map((pool) => [pool, 0]));
    const held = await this.places.find({ pool: mongoose.trusted({ $in: pools }) }, { pool: 1 }).lean<Array<{ pool: string }>>().exec();
    for (const { pool } of held) counts.set(pool, (counts.get(pool) ?? 0) + 1);
    const pipeline = this.redis.pipeline();
    for (const [pool, count] of counts) pipeline.set(this.counterKey(pool), count, 'EX', COUNTER_TTL_SECONDS, 'NX');
    await pipeline.exec();
    return counts;
  }

  private async addIfPresent(pool: string, by: 1 | -1): Promise<void> {
    const taken = await this.redis.eval(ADD_IF_PRESENT, 1, this.counterKey(pool), by, this.options.changesChannel ?? '', pool);
    if (typeof taken === 'number') this.options.onCount?.(pool, taken);
  }

  private counterKey(pool: string): string {
    return `${this.prefix}:${this.options.counterName}:${pool}`;
  }
}
