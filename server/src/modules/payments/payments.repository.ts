import type { Connection, Model } from 'mongoose';
import { insertOrExisting } from '../../platform/insert-once';
import { paymentNotificationModel, type PaymentNotificationRecord } from './payments.model';

export type { PaymentNotificationRecord };

export class PaymentsRepository {
  private readonly transactions: Model<PaymentNotificationRecord>;

  constructor(connection: Connection) {
    this.transactions = paymentNotificationModel(connection);
  }

  /** Insert-first: null when this call recorded the transaction, else the record seen before. */
  async claimTransaction(record: PaymentNotificationRecord): Promise<PaymentNotificationRecord | null> {
    return insertOrExisting(this.transactions, record);
  }
}
