import { LRUCache } from 'lru-cache';
import mongoose, { Types, type Connection, type Model } from 'mongoose';
import { InsertBatcher } from '../../platform/insert-batcher';
import { receiptModel, type ReceiptRecord } from './receipts.model';

export type { ReceiptRecord };

/** Receipts are never changed once issued, so a process may remember the ones it wrote. */
const REMEMBERED = 100_000;

/**
 * Receipts by `_id` (the donation id): batched insert-once on the settlement path, `_id` reads after.
 * The thank-you worker wants each new receipt right after settlement issued it; on FerretDB 1.24 an
 * `_id` read costs in proportion to the collection (about 2 µs a row), so the receipts this process
 * issued are kept for it (`findIssued`). Donors' reads and repair still ask the store.
 */
export class ReceiptsRepository {
  private readonly receipts: Model<ReceiptRecord>;
  private readonly inserts: InsertBatcher<ReceiptRecord>;
  private readonly issuedHere = new LRUCache<string, ReceiptRecord>({ max: REMEMBERED });

  constructor(connection: Connection) {
    this.receipts = receiptModel(connection);
    this.inserts = new InsertBatcher(this.receipts);
  }

  /** False when the donation already has its receipt. */
  async insertOnce(receipt: ReceiptRecord): Promise<boolean> {
    const inserted = await this.inserts.insertOnce(receipt);
    if (inserted) this.issuedHere.set(receipt._id.toHexString(), receipt);
    return inserted;
  }

  async findById(donationId: Types.ObjectId | string): Promise<ReceiptRecord | null> {
    return this.receipts.findById(donationId).lean<ReceiptRecord>().exec();
  }

  /** The receipt as this process issued it, else as the store holds it (another replica issued it). */
  async findIssued(donationId: string): Promise<ReceiptRecord | null> {
    return this.issuedHere.get(donationId) ?? this.findById(donationId);
  }

  /** Which of these donations already have a receipt (repair passes, in chunks). */
  async existing(donationIds: readonly Types.ObjectId[]): Promise<Set<string>> {
    if (donationIds.length === 0) return new Set();
    const found = await this.receipts.find({ _id: mongoose.trusted({ $in: donationIds }) }).select({ _id: 1 })
      .lean<Array<{ _id: Types.ObjectId }>>().exec();
    return new Set(found.map((r) => r._id.toHexString()));
  }
}
