import { Schema, Types, type Connection } from 'mongoose';
import type { RefundStatus } from '@tongxin/shared';
import { modelOf } from '../../platform/db';

/**
 * A refund as the organization asked for it, and where it stands at the payment provider. Its `_id`
 * (`<donationId>:refund:<n>`) is claimed by insert, so the n-th refund of a donation is exclusive and
 * concurrent refunds never ask back more than was paid. Only when the provider reports the money
 * returned (`succeeded`) is the ledger entry of the same `_id` written: the ledger holds money that
 * moved, never money that might. A `closed` refund writes nothing and frees its amount.
 */
export interface RefundRequestRecord {
  _id: string;
  donationId: Types.ObjectId;
  campaignId: Types.ObjectId;
  /** The receiving organization (authorization, and who is told). */
  organizationId: Types.ObjectId;
  /** The donor. */
  userId: Types.ObjectId;
  /** Fen to give back, and the matching funds that go back to the pool with it. */
  amountFen: number;
  matchReturnedFen: number;
  reason: string;
  /** The organization's admin who asked. */
  by: Types.ObjectId;
  idempotencyKey: string;
  status: RefundStatus;
  requestedAt: Date;
  /** WeChat Pay's refund number, once it answered. */
  providerRefundId?: string;
  /** When the money reached the donor (the provider's success time). */
  succeededAt?: Date;
  /** Last change of `status`. */
  updatedAt: Date;
  /**
   * The status whose notices and audit entry are still owed: set by the same update that moves the
   * status, cleared once they are done, so a crash in between leaves the work on the record for
   * reconciliation to finish.
   */
  noticeOwed?: RefundStatus;
}

const refundRequestSchema = new Schema<RefundRequestRecord>(
  {
    _id: { type: String, required: true },
    donationId: { type: Schema.Types.ObjectId, required: true },
    campaignId: { type: Schema.Types.ObjectId, required: true },
    organizationId: { type: Schema.Types.ObjectId, required: true },
    userId: { type: Schema.Types.ObjectId, required: true },
    amountFen: { type: Number, required: true, min: 1 },
    matchReturnedFen: { type: Number, required: true, min: 0 },
    reason: { type: String, required: true },
    by: { type: Schema.Types.ObjectId, required: true },
    idempotencyKey: { type: String, required: true },
    status: { type: String, required: true, enum: ['processing', 'succeeded', 'abnormal', 'closed'] },
    requestedAt: { type: Date, required: true },
    providerRefundId: { type: String },
    succeededAt: { type: Date },
    updatedAt: { type: Date, required: true },
    noticeOwed: { type: String, enum: ['succeeded', 'abnormal', 'closed'] },
  },
  { strict: 'throw', versionKey: false, collection: 'donation_refunds' },
);

// The poll sweep's question: refunds still waiting for the provider, oldest first.
refundRequestSchema.index({ status: 1, requestedAt: 1 });
// Reconciliation's question: moves whose notices a crash left owed (absent on all but a few).
refundRequestSchema.index({ noticeOwed: 1, updatedAt: 1 });

export function refundRequestModel(connection: Connection) {
  return modelOf(connection, 'DonationRefund', refundRequestSchema);
}
