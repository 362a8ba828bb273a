import type { Connection, Model } from 'mongoose';
import { Schema } from 'mongoose';
import { insertOnce } from '../../platform/insert-once';

/** One step of a bounded amount: `<chain key>:<version>`, holding what remains after it; fen. */
interface DrawStepRecord {
  _id: string;
  remainingFen: number;
  deltaFen: number;
  at: Date;
}

const drawStepSchema = new Schema<DrawStepRecord>(
  {
    _id: { type: String, required: true },
    remainingFen: { type: Number, required: true, min: 0 },
    deltaFen: { type: Number, required: true },
    at: { type: Date, required: true },
  },
  { strict: 'throw', versionKey: false, collection: 'matching_draws' },
);

/** What a correction did: nothing to do, a step written (from `beforeFen`), or lost to a concurrent step. */
export type ChainCorrection =
  | { outcome: 'in-step'; remainingFen: number }
  | { outcome: 'corrected'; remainingFen: number; beforeFen: number }
  | { outcome: 'raced'; remainingFen: number };

/** Enough for any realistic contention; past it a draw fails loudly rather than spinning. */
const MAX_ATTEMPTS = 2000;
const MAX_CACHED_HEADS = 10_000;

/**
 * Bounded amounts (a sponsor pool, a donor's daily allowance) kept as append-only chains of steps.
 * Taking is "insert version v+1 computed from version v": the unique `_id` makes the insert a
 * compare-and-set, so two takers can never both spend the same remainder, on any store. (FerretDB
 * 1.24 applies a guarded `$inc` as an unisolated read-modify-write: 100 concurrent
 * `{n: {$gte: 1}}` / `$inc -1` against n = 30 all "succeed"; see the report in the README.)
 * Reads and inserts by `_id` only; each process remembers the last head it saw and runs one chain's
 * steps one at a time.
 */
export class DrawChains {
  private readonly steps: Model<DrawStepRecord>;
  private readonly heads = new Map<string, { version: number; remainingFen: number }>();
  private readonly queues = new Map<string, Promise<void>>();

  constructor(connection: Connection) {
    this.steps = (connection.models.MatchingDraw as Model<DrawStepRecord> | undefined)
      ?? connection.model<DrawStepRecord>('MatchingDraw', drawStepSchema);
  }

  /** What remains now; `initialFen` for a chain with no steps yet. */
  async remaining(key: string, initialFen: number): Promise<number> {
    return (await this.head(key, initialFen)).remainingFen;
  }

  /** Takes up to `wantedFen`; returns what was taken (less when little remains, 0 when nothing). */
  take(key: string, wantedFen: number, initialFen: number): Promise<number> {
    return this.serially(key, () => this.takeNow(key, wantedFen, initialFen));
  }

  /** Gives an amount back (a reservation the pool could not cover). */
  give(key: string, fen: number, initialFen: number): Promise<void> {
    return this.serially(key, () => this.giveNow(key, fen, initialFen));
  }

  /**
   * Sets what remains to `targetFen` (reconciliation, from the ledger) with one step after the head it
   * read. Never retried: a step taken meanwhile means money is moving, and the caller tries later.
   */
  correct(key: string, targetFen: number, initialFen: number): Promise<ChainCorrection> {
    return this.serially(key, async () => {
      const head = await this.head(key, initialFen);
      if (head.remainingFen === targetFen) return { outcome: 'in-step', remainingFen: targetFen };
      const written = await this.append(key, head.version + 1, targetFen, targetFen - head.remainingFen);
      return written ? { outcome: 'corrected', remainingFen: targetFen, beforeFen: head.remainingFen } : { outcome: 'raced', remainingFen: head.remainingFen };
    });
  }

  /**
   * Runs one chain's steps one after another inside this process, so a burst on one pool costs one
   * insert per draw instead of a storm of lost races; other processes still meet at the `_id`.
   */
  private serially<T>(key: string, step: () => Promise<T>): Promise<T> {
    const previous = this.queues.get(key) ?? Promise.resolve();
    const result = previous.then(step, step);
    const tail = result.then(() => undefined, () => undefined);
    this.queues.set(key, tail);
    void tail.then(() => {
      if (this.queues.get(key) === tail) this.queues.delete(key);
    });
    return result;
  }

  private async takeNow(key: string, wantedFen: number, initialFen: number): Promise<number> {
    for (let attempt = 0; attempt < MAX_ATTEMPTS; attempt++) {
      const head = await this.head(key, initialFen);
      const take = Math.min(wantedFen, head.remainingFen);
      if (take <= 0) return 0;
      if (await this.append(key, head.version + 1, head.remainingFen - take, -take)) return take;
    }
    throw new Error(`draw chain ${key}: too much contention`);
  }

  private async giveNow(key: string, fen: number, initialFen: number): Promise<void> {
    for (let attempt = 0; attempt < MAX_ATTEMPTS; attempt++) {
      const head = await this.head(key, initialFen);
      if (await this.append(key, head.version + 1, head.remainingFen + fen, fen)) return;
    }
    throw new Error(`draw chain ${key}: too much contention`);
  }

  private async head(key: string, initialFen: number): Promise<{ version: number; remainingFen: number }> {
    let head = this.heads.get(key) ?? { version: -1, remainingFen: initialFen };
    for (;;) {
      const next = await this.steps.findById(`${key}:${head.version + 1}`).lean<DrawStepRecord>().exec();
      if (!next) break;
      head = { version: head.version + 1, remainingFen: next.remainingFen };
    }
    if (this.heads.size >= MAX_CACHED_HEADS) this.heads.clear();
    this.heads.set(key, head);
    return head;
  }

  private async append(key: string, version: number, remainingFen: number, deltaFen: number): Promise<boolean> {
    if (!(await insertOnce(this.steps, { _id: `${key}:${version}`, remainingFen, deltaFen, at: new Date() }))) return false;
    this.heads.set(key, { version, remainingFen });
    return true;
  }
}
