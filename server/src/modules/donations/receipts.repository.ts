import { LRUCache } from 'lru-cache';
import mongoose, { Types, type Connection, type Model } from 'mongoose';
import { InsertBatcher } from '../../platform/insert-batcher';
import { receiptModel, type ReceiptRecord } from './receipts.model';

export type { ReceiptRecord };

/** Receipts are never changed once issued, so a process may remember the ones it wrote or read. */
const REMEMBERED = 100_000;

/**
 * Receipts by `_id` (the donation id): batched insert-once on the settlement path, `_id` reads after.
 * The thank-you worker reads each new receipt right after settlement issued it; on FerretDB 1.24 an
 * `_id` read costs in proportion to the collection (about 2 µs a row), so it is served from memory.
 */
export class ReceiptsRepository {
  private readonly receipts: Model<ReceiptRecord>;
  private readonly inserts: InsertBatcher<ReceiptRecord>;
  private readonly known = new LRUCache<string, ReceiptRecord>({ max: REMEMBERED });

  constructor(connection: Connection) {
    this.receipts = receiptModel(connection);
    this.inserts = new InsertBatcher(this.receipts);
  }

  /** False when the donation already has its receipt. */
  async insertOnce(receipt: ReceiptRecord): Promise<boolean> {
    const inserted = await this.inserts.insertOnce(receipt);
    if (inserted) this.known.set(receipt._id.toHexString(), receipt);
    return inserted;
  }

  async findById(donationId: Types.ObjectId | string): Promise<ReceiptRecord | null> {
    const hex = typeof donationId === 'string' ? donationId : donationId.toHexString();
    const known = this.known.get(hex);
    if (known) return known;
    const found = await this.receipts.findById(donationId).lean<ReceiptRecord>().exec();
    if (found) this.known.set(hex, found);
    return found;
  }

  /** Which of these donations already have a receipt (repair passes, in chunks). */
  async existing(donationIds: readonly Types.ObjectId[]): Promise<Set<string>> {
    if (donationIds.length === 0) return new Set();
    const found = await this.receipts.find({ _id: mongoose.trusted({ $in: donationIds }) }).select({ _id: 1 })
      .lean<Array<{ _id: Types.ObjectId }>>().exec();
    return new Set(found.map((r) => r._id.toHexString()));
  }
}
