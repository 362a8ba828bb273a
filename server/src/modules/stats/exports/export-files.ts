import { Writable } from 'node:stream';
import mongoose, { type Connection, type Model } from 'mongoose';
import { exportModels, type StatsExportChunkRecord, type StatsExportRecord } from './export-files.model';

export type { StatsExportRecord };

/** Bytes per stored chunk: well under the 16 MB document limit, few reads per download. */
export const CHUNK_BYTES = 256 * 1024;

/** Export records and their files, stored as `_id`-addressed chunks (shared by every replica, unlike a local disk). */
export class ExportFiles {
  private readonly exports: Model<StatsExportRecord>;
  private readonly chunks: Model<StatsExportChunkRecord>;

  constructor(connection: Connection) {
    ({ exports: this.exports, chunks: this.chunks } = exportModels(connection));
  }

  async create(record: StatsExportRecord): Promise<void> {
    await this.exports.create(record);
  }

  find(id: string): Promise<StatsExportRecord | null> {
    return this.exports.findById(id).lean<StatsExportRecord>().exec();
  }

  /** Only the export's job writes its record after creation, so plain `_id` updates do not race. */
  async update(id: string, changes: Partial<StatsExportRecord>): Promise<void> {
    await this.exports.updateOne({ _id: id }, { $set: changes }).exec();
  }

  /** A sink that stores what is written as numbered chunks, waiting for each insert (backpressure). */
  writer(exportId: string): { sink: Writable; written: () => { chunks: number; bytes: number } } {
    let pending: Buffer[] = [];
    let pendingBytes = 0;
    let chunks = 0;
    let bytes = 0;
    const store = async () => {
      if (pendingBytes === 0) return;
      const data = Buffer.concat(pending, pendingBytes);
      pending = [];
      pendingBytes = 0;
      await this.chunks.create({ _id: `${exportId}:${chunks}`, exportId, data });
      chunks += 1;
      bytes += data.length;
    };
    const sink = new Writable({
      write: (chunk: Buffer, _encoding, done) => {
        pending.push(chunk);
        pendingBytes += chunk.length;
        if (pendingBytes < CHUNK_BYTES) return done();
        store().then(() => done(), done);
      },
      final: (done) => {
        store().then(() => done(), done);
      },
    });
    return { sink, written: () => ({ chunks, bytes }) };
  }

  async *read(exportId: string, chunks: number): AsyncGenerator<Buffer> {
    for (let n = 0; n < chunks; n++) {
      const chunk = await this.chunks.findById(`${exportId}:${n}`).lean<StatsExportChunkRecord>().exec();
      if (!chunk) throw new Error(`export ${exportId} is missing chunk ${n}`);
      const data = chunk.data as unknown;
      // Lean reads give the driver's Binary (its `buffer` is exactly the bytes); a Buffer passes through.
      yield Buffer.isBuffer(data) ? data : Buffer.from((data as { buffer: Uint8Array }).buffer);
    }
  }

  async removeChunks(exportId: string): Promise<void> {
    await this.chunks.deleteMany({ exportId }).exec();
  }

  /** Expired exports (the purge removes their chunks, then them). */
  expired(now: Date): Promise<StatsExportRecord[]> {
    return this.exports.find({ expiresAt: mongoose.trusted({ $lt: now }) }).limit(1000).lean<StatsExportRecord[]>().exec();
  }

  async remove(exportId: string): Promise<void> {
    await this.removeChunks(exportId);
    await this.exports.deleteOne({ _id: exportId }).exec();
  }
}
