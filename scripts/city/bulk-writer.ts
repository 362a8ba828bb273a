import type { mongo } from 'mongoose';

type Db = mongo.Db;
type Document = mongo.Document;

/** Documents written per collection and how long the writes took. */
export interface WriteStats {
  inserted: number;
  existing: number;
}

const DUPLICATE_KEY = 11000;
/** A long generation reports its rate this often (when given a log). */
const PROGRESS_EVERY_MS = 10_000;

export interface BulkWriterOptions {
  /** Documents per insertMany. */
  batchSize?: number;
  /** Batches outstanding at once: the store works on several while the next is generated. */
  inFlight?: number;
  /** Progress lines (documents written, overall and recent rate), about every ten seconds. */
  log?: (line: string) => void;
}

/**
 * Buffers documents per collection and writes them as unordered bulk inserts of `batchSize`, with
 * up to `inFlight` batches outstanding so generating the next batch overlaps the store's work.
 * Ids are deterministic, so a second run of the same seed finds its documents there: duplicate keys
 * are counted as `existing`, not raised (the seed is idempotent).
 */
export class BulkWriter {
  private readonly buffers = new Map<string, Document[]>();
  private readonly pending = new Set<Promise<void>>();
  readonly stats = new Map<string, WriteStats>();
  readonly startedAt = Date.now();
  private readonly batchSize: number;
  private readonly inFlight: number;
  private lastReport = { at: Date.now(), total: 0 };

  constructor(
    private readonly db: Db,
    options: BulkWriterOptions = {},
  ) {
    this.batchSize = options.batchSize ?? 2000;
    this.inFlight = options.inFlight ?? 2;
    this.log = options.log;
  }

  private readonly log: ((line: string) => void) | undefined;

  async add(collection: string, doc: Document): Promise<void> {
    let buffer = this.buffers.get(collection);
    if (!buffer) this.buffers.set(collection, (buffer = []));
    buffer.push(doc);
    if (buffer.length >= this.batchSize) await this.flushCollection(collection);
  }

  async flush(): Promise<void> {
    for (const collection of this.buffers.keys()) await this.flushCollection(collection);
    await Promise.all(this.pending);
  }

  total(): number {
    let sum = 0;
    for (const s of this.stats.values()) sum += s.inserted + s.existing;
    return sum;
  }

  private async flushCollection(collection: string): Promise<void> {
    const docs = this.buffers.get(collection);
    if (!docs || docs.length === 0) return;
    this.buffers.set(collection, []);
    while (this.pending.size >= this.inFlight) await Promise.race(this.pending);
    const write = this.write(collection, docs).finally(() => this.pending.delete(write));
    this.pending.add(write);
  }

  private async write(collection: string, docs: Document[]): Promise<void> {
    const stats = this.stats.get(collection) ?? { inserted: 0, existing: 0 };
    this.stats.set(collection, stats);
    try {
      const result = await this.db.collection(collection).insertMany(docs, { ordered: false });
      stats.inserted += result.insertedCount;
    } catch (error) {
      const bulk = error as { code?: number; insertedCount?: number; writeErrors?: Array<{ code?: number }> | { code?: number } };
      const writeErrors = Array.isArray(bulk.writeErrors) ? bulk.writeErrors : bulk.writeErrors ? [bulk.writeErrors] : [];
      const onlyDuplicates = writeErrors.length > 0 && writeErrors.every((e) => e.code === DUPLICATE_KEY);
      if (!onlyDuplicates) throw error;
      stats.inserted += bulk.insertedCount ?? docs.length - writeErrors.length;
      stats.existing += writeErrors.length;
    }
    this.report();
  }

  private report(): void {
    const now = Date.now();
    if (!this.log || now - this.lastReport.at < PROGRESS_EVERY_MS) return;
    const total = this.total();
    const overall = Math.round(total / ((now - this.startedAt) / 1000));
    const recent = Math.round((total - this.lastReport.total) / ((now - this.lastReport.at) / 1000));
    this.lastReport = { at: now, total };
    const busiest = [...this.stats].sort((a, b) => b[1].inserted - a[1].inserted).slice(0, 3).map(([name, s]) => `${name} ${s.inserted + s.existing}`).join(', ');
    this.log(`[write] ${total} documents in ${((now - this.startedAt) / 1000).toFixed(0)} s: ${overall} docs/s overall, ${recent} docs/s since the last line (${busiest})`);
  }
}
