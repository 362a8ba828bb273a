import { Schema, Types, type Connection } from 'mongoose';
import { modelOf } from '../../platform/db';

/**
 * `claiming` while its donations are being claimed (hidden from lists), `requested` once every one
 * is held, `issued` when the organization made the receipt out, `declined` when it would not (its
 * claims are given back); `void` when claiming failed.
 */
export type ReceiptRequestState = 'claiming' | 'requested' | 'issued' | 'declined' | 'void';

/** One donation on a request, with what the receipt shows of it. */
export interface ReceiptRequestLine {
  donationId: Types.ObjectId;
  campaignId: Types.ObjectId;
  campaignTitle: string;
  /** Paid, fen. */
  amountFen: number;
  /** Received (paid minus refunds), fen: as at the request, and again as at issue. */
  receivedFen: number;
  paidAt: Date;
}

/** A donor's request for a donation receipt (捐赠票据申请) covering some of their paid donations to one organization. */
export interface ReceiptRequestRecord {
  _id: Types.ObjectId;
  userId: Types.ObjectId;
  organizationId: Types.ObjectId;
  organizationName: string;
  /** sha256 of the sorted donation ids and the payer: a retried request finds the one it made. */
  requestHash: string;
  payerKind: 'person' | 'organization';
  /** PiiCipher envelope of the payer (name, credit code), bound to the request id. */
  payerSealed: string;
  lines: ReceiptRequestLine[];
  state: ReceiptRequestState;
  requestedAt: Date;
  issuedAt?: Date;
  issuedBy?: Types.ObjectId;
  receiptNumber?: string;
  declinedAt?: Date;
  declinedBy?: Types.ObjectId;
  /** The organization's reason, shown to the donor (not personal data). */
  declineReason?: string;
}

/** `_id` = the donation id: one donation is on at most one request, by construction. */
export interface ReceiptClaimRecord {
  _id: Types.ObjectId;
  requestId: Types.ObjectId;
  claimedAt: Date;
}

const lineSchema = new Schema<ReceiptRequestLine>({
  donationId: { type: Schema.Types.ObjectId, required: true },
  campaignId: { type: Schema.Types.ObjectId, required: true },
  campaignTitle: { type: String, required: true },
  amountFen: { type: Number, required: true, min: 1 },
  receivedFen: { type: Number, required: true, min: 0 },
  paidAt: { type: Date, required: true },
}, { _id: false, strict: 'throw' });

const requestSchema = new Schema<ReceiptRequestRecord>(
  {
    userId: { type: Schema.Types.ObjectId, required: true },
    organizationId: { type: Schema.Types.ObjectId, required: true },
    organizationName: { type: String, required: true },
    requestHash: { type: String, required: true },
    payerKind: { type: String, required: true, enum: ['person', 'organization'] },
    payerSealed: { type: String, required: true },
    lines: { type: [lineSchema], required: true },
    state: { type: String, required: true, enum: ['claiming', 'requested', 'issued', 'declined', 'void'] },
    requestedAt: { type: Date, required: true },
    issuedAt: { type: Date },
    issuedBy: { type: Schema.Types.ObjectId },
    receiptNumber: { type: String },
    declinedAt: { type: Date },
    declinedBy: { type: Schema.Types.ObjectId },
    declineReason: { type: String },
  },
  { strict: 'throw', versionKey: false, collection: 'donation_receipt_requests' },
);

// A donor's requests; an organization's requests by state (the organizer's list).
requestSchema.index({ userId: 1, _id: -1 });
requestSchema.index({ organizationId: 1, state: 1, _id: -1 });

const claimSchema = new Schema<ReceiptClaimRecord>(
  {
    _id: { type: Schema.Types.ObjectId, required: true },
    requestId: { type: Schema.Types.ObjectId, required: true },
    claimedAt: { type: Date, required: true },
  },
  { strict: 'throw', versionKey: false, collection: 'donation_receipt_claims' },
);

claimSchema.index({ requestId: 1 });

export function receiptRequestModels(connection: Connection) {
  return {
    requests: modelOf(connection, 'DonationReceiptRequest', requestSchema),
    claims: modelOf(connection, 'DonationReceiptClaim', claimSchema),
  };
}
