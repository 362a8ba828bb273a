import { Schema, Types, type Connection, type Model } from 'mongoose';

/**
 * A donation receipt (捐赠票据). `_id` is the donation's id: inserting it is the "issue once" gate,
 * so a replayed payment notification, a retried job or a repair pass can never make a second one.
 * The organization's and campaign's names are copied as they were at issue (a receipt is a document).
 */
export interface ReceiptRecord {
  _id: Types.ObjectId;
  number: string;
  campaignId: Types.ObjectId;
  campaignTitle: string;
  organizationId: Types.ObjectId;
  organizationName: string;
  creditCode: string;
  userId: Types.ObjectId;
  /** Amount paid, in fen (refunds are subtracted when the receipt is shown). */
  amountFen: number;
  paidAt: Date;
  issuedAt: Date;
}

const receiptSchema = new Schema<ReceiptRecord>(
  {
    _id: { type: Schema.Types.ObjectId, required: true },
    number: { type: String, required: true },
    campaignId: { type: Schema.Types.ObjectId, required: true },
    campaignTitle: { type: String, required: true },
    organizationId: { type: Schema.Types.ObjectId, required: true },
    organizationName: { type: String, required: true },
    creditCode: { type: String, required: true },
    userId: { type: Schema.Types.ObjectId, required: true },
    amountFen: { type: Number, required: true, min: 1 },
    paidAt: { type: Date, required: true },
    issuedAt: { type: Date, required: true },
  },
  { strict: 'throw', versionKey: false, collection: 'donation_receipts' },
);

// A donor's receipts; a receipt found by its number (an auditor's question).
receiptSchema.index({ userId: 1, _id: -1 });
receiptSchema.index({ number: 1 });

export function receiptModel(connection: Connection): Model<ReceiptRecord> {
  return (connection.models.DonationReceipt as Model<ReceiptRecord> | undefined)
    ?? connection.model<ReceiptRecord>('DonationReceipt', receiptSchema);
}
