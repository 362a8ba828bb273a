import { Schema, Types, type Connection } from 'mongoose';
import { modelOf } from '../../platform/db';

/**
 * A donation as the donor asked for it. Never updated: on FerretDB every update scans its collection,
 * and the facts that follow (paid, matched) are ledger entries inserted under derived `_id`s.
 */
export interface DonationRecord {
  _id: Types.ObjectId;
  campaignId: Types.ObjectId;
  /** The campaign's organization, kept for authorization without a second read. */
  organizationId: Types.ObjectId;
  userId: Types.ObjectId;
  /** Amount in fen. */
  amountFen: number;
  anonymous: boolean;
  /** The donor asked to be on the campaign's leaderboard; absent on donations from before it (not on it). */
  onLeaderboard?: boolean;
  message: string;
  /** What the public feed shows: "张*" or "爱心人士"; the full name is never stored here. */
  donorName: string;
  createdAt: Date;
}

/** `<userId>:<Idempotency-Key>` → the donation it created, with a hash of the request that did. */
export interface DonationKeyRecord {
  _id: string;
  requestHash: string;
  donationId: Types.ObjectId;
  createdAt: Date;
}

export type LedgerKind = 'paid' | 'match' | 'refund';

/**
 * The append-only donation ledger: `<donationId>:paid` (donor's money received),
 * `<donationId>:match` (matching funds drawn for it) and `<donationId>:refund:<n>` (the n-th refund,
 * with the matching funds it returned). Every campaign total is rebuilt from it.
 */
export interface LedgerEntryRecord {
  _id: string;
  kind: LedgerKind;
  donationId: Types.ObjectId;
  campaignId: Types.ObjectId;
  userId: Types.ObjectId;
  /** Amount in fen. */
  amountFen: number;
  provider?: string;
  transactionId?: string;
  /** When the fact happened (the provider's success time). */
  at: Date;
  /** When the entry was written; reconciliation waits for a quiet spell after the last one. */
  recordedAt: Date;
  /**
   * "Paid" and refund entries of a donation on the campaign's opt-in leaderboard: the name the board
   * shows ("张*" or "爱心人士"; '' on refunds, which never rename a line), so the board is rebuilt
   * from the ledger alone. Absent otherwise.
   */
  leaderboardName?: string;
  /** Refunds: matching funds returned to the pool with this refund, fen. */
  matchReturnedFen?: number;
  /** Refunds: why, who, and the client's Idempotency-Key. */
  reason?: string;
  by?: Types.ObjectId;
  idempotencyKey?: string;
}

const donationSchema = new Schema<DonationRecord>(
  {
    campaignId: { type: Schema.Types.ObjectId, required: true },
    organizationId: { type: Schema.Types.ObjectId, required: true },
    userId: { type: Schema.Types.ObjectId, required: true },
    amountFen: { type: Number, required: true, min: 1 },
    anonymous: { type: Boolean, required: true },
    onLeaderboard: { type: Boolean },
    message: { type: String, default: '' },
    donorName: { type: String, required: true },
    createdAt: { type: Date, required: true },
  },
  { strict: 'throw', versionKey: false, collection: 'donations' },
);

// A donor's history; a campaign's donations (sharded by campaign in production).
donationSchema.index({ userId: 1, _id: -1 });
donationSchema.index({ campaignId: 1, _id: -1 });

const donationKeySchema = new Schema<DonationKeyRecord>(
  {
    _id: { type: String, required: true },
    requestHash: { type: String, required: true },
    donationId: { type: Schema.Types.ObjectId, required: true },
    createdAt: { type: Date, required: true },
  },
  { strict: 'throw', versionKey: false, collection: 'donation_keys' },
);

const ledgerSchema = new Schema<LedgerEntryRecord>(
  {
    _id: { type: String, required: true },
    kind: { type: String, required: true, enum: ['paid', 'match', 'refund'] },
    donationId: { type: Schema.Types.ObjectId, required: true },
    campaignId: { type: Schema.Types.ObjectId, required: true },
    userId: { type: Schema.Types.ObjectId, required: true },
    amountFen: { type: Number, required: true, min: 0 },
    provider: { type: String },
    transactionId: { type: String },
    at: { type: Date, required: true },
    recordedAt: { type: Date, required: true },
    leaderboardName: { type: String },
    matchReturnedFen: { type: Number, min: 0 },
    reason: { type: String },
    by: { type: Schema.Types.ObjectId },
    idempotencyKey: { type: String },
  },
  { strict: 'throw', versionKey: false, collection: 'donation_ledger' },
);

// Reconciliation groups the ledger by campaign.
ledgerSchema.index({ campaignId: 1, kind: 1 });
// Receipt repair reads the recent "paid" entries.
ledgerSchema.index({ kind: 1, recordedAt: 1 });

export function donationModels(connection: Connection) {
  return {
    donations: modelOf(connection, 'Donation', donationSchema),
    keys: modelOf(connection, 'DonationKey', donationKeySchema),
    ledger: modelOf(connection, 'DonationLedgerEntry', ledgerSchema),
  };
}
