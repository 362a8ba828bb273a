import { Schema, Types, type Connection, type Model } from 'mongoose';

export type HoursKind = 'verified' | 'supplementary' | 'correction';

/** Ledger ids: one verified and at most one supplementary entry per sign-up. */
export const ledgerIds = {
  verified: (enrollmentId: string) => `verify:${enrollmentId}`,
  supplementary: (enrollmentId: string) => `supplement:${enrollmentId}`,
  /** The n-th correction (1, 2, …): taking number n is the compare-and-set, so two corrections cannot both build on one value. */
  correction: (enrollmentId: string, n: number) => `correct:${enrollmentId}:${n}`,
};

/**
 * The append-only ledger of verified service time; every total is rebuildable from it.
 * `_id` is `verify:<enrollmentId>`: verifying twice is a duplicate key, so a verified record
 * cannot change (a later correction would append an entry of its own). Supplementary hours are
 * `supplement:<enrollmentId>`, at most one per sign-up.
 */
export interface HoursEntryRecord {
  _id: string;
  userId: Types.ObjectId;
  enrollmentId: string;
  /**
   * `verified`: the shift's hours as staff confirmed them; `supplementary`: added by staff for service
   * recorded outside the app; `correction`: staff changed verified hours later.
   */
  kind: HoursKind;
  /** Whole minutes; for a correction the change (negative when hours went down), so totals stay plain sums. */
  minutes: number;
  /** Corrections: the verified minutes before and after. */
  previousMinutes?: number;
  correctedMinutes?: number;
  category: string;
  /** Calendar year of the shift in Asia/Shanghai. */
  year: number;
  verifiedBy: Types.ObjectId;
  note?: string;
  /** Supplementary hours: a link to the evidence staff saw. */
  evidenceUrl?: string;
  createdAt: Date;
}

const entrySchema = new Schema<HoursEntryRecord>(
  {
    _id: { type: String, required: true },
    userId: { type: Schema.Types.ObjectId, required: true },
    enrollmentId: { type: String, required: true },
    kind: { type: String, required: true },
    minutes: { type: Number, required: true },
    previousMinutes: Number,
    correctedMinutes: Number,
    category: { type: String, required: true },
    year: { type: Number, required: true },
    verifiedBy: { type: Schema.Types.ObjectId, required: true },
    note: String,
    evidenceUrl: String,
  },
  { timestamps: { createdAt: true, updatedAt: false }, strict: 'throw', collection: 'service_hours' },
);
entrySchema.index({ userId: 1, createdAt: -1 });

export function hoursEntryModel(connection: Connection): Model<HoursEntryRecord> {
  return (connection.models.HoursEntry as Model<HoursEntryRecord> | undefined)
    ?? connection.model<HoursEntryRecord>('HoursEntry', entrySchema);
}
