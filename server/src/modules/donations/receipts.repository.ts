import mongoose, { Types, type Connection, type Model } from 'mongoose';
import { InsertBatcher } from '../../platform/insert-batcher';
import { receiptModel, type ReceiptRecord } from './receipts.model';

export type { ReceiptRecord };

/** Receipts by `_id` (the donation id): batched insert-once on the settlement path, `_id` reads after. */
export class ReceiptsRepository {
  private readonly receipts: Model<ReceiptRecord>;
  private readonly inserts: InsertBatcher<ReceiptRecord>;

  constructor(connection: Connection) {
    this.receipts = receiptModel(connection);
    this.inserts = new InsertBatcher(this.receipts);
  }

  /** False when the donation already has its receipt. */
  async insertOnce(receipt: ReceiptRecord): Promise<boolean> {
    return this.inserts.insertOnce(receipt);
  }

  async findById(donationId: Types.ObjectId | string): Promise<ReceiptRecord | null> {
    return this.receipts.findById(donationId).lean<ReceiptRecord>().exec();
  }

  /** Which of these donations already have a receipt (repair passes, in chunks). */
  async existing(donationIds: readonly Types.ObjectId[]): Promise<Set<string>> {
    if (donationIds.length === 0) return new Set();
    const found = await this.receipts.find({ _id: mongoose.trusted({ $in: donationIds }) }).select({ _id: 1 })
      .lean<Array<{ _id: Types.ObjectId }>>().exec();
    return new Set(found.map((r) => r._id.toHexString()));
  }
}
