import { Schema, type Connection, type Model } from 'mongoose';

/**
 * A provider transaction seen in a verified notification. Its `_id` (`wxpay:<transaction_id>`) makes
 * a replayed notification a duplicate key; the donation's own ledger entry is what settles it.
 */
export interface PaymentNotificationRecord {
  _id: string;
  donationId: string;
  tradeState: string;
  /** Amount in fen, as the provider reported it. */
  amountFen: number;
  receivedAt: Date;
}

const paymentNotificationSchema = new Schema<PaymentNotificationRecord>(
  {
    _id: { type: String, required: true },
    donationId: { type: String, required: true },
    tradeState: { type: String, required: true },
    amountFen: { type: Number, required: true },
    receivedAt: { type: Date, required: true },
  },
  { strict: 'throw', versionKey: false, collection: 'payment_transactions' },
);

export function paymentNotificationModel(connection: Connection): Model<PaymentNotificationRecord> {
  return (connection.models.PaymentTransaction as Model<PaymentNotificationRecord> | undefined)
    ?? connection.model<PaymentNotificationRecord>('PaymentTransaction', paymentNotificationSchema);
}
