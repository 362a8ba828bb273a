import type { Connection, Model } from 'mongoose';
import { InsertBatcher } from '../../platform/insert-batcher';
import { paymentNotificationModel, type PaymentNotificationRecord } from './payments.model';

export type { PaymentNotificationRecord };

export class PaymentsRepository {
  private readonly transactions: Model<PaymentNotificationRecord>;
  private readonly inserts: InsertBatcher<PaymentNotificationRecord>;

  constructor(connection: Connection) {
    this.transactions = paymentNotificationModel(connection);
    this.inserts = new InsertBatcher(this.transactions);
  }

  /** Insert-first (batched): null when this call recorded the transaction, else the record seen before. */
  async claimTransaction(record: PaymentNotificationRecord): Promise<PaymentNotificationRecord | null> {
    if (await this.inserts.insertOnce(record)) return null;
    const existing = await this.transactions.findById(record._id).lean<PaymentNotificationRecord>().exec();
    if (!existing) throw new Error(`transaction ${record._id} was taken and then removed`);
    return existing;
  }
}
