import { Schema, Types, type Connection, type Model } from 'mongoose';

/**
 * The append-only ledger of verified service time; every total is rebuildable from it.
 * `_id` is `verify:<enrollmentId>`: verifying twice is a duplicate key, so a verified record
 * cannot change (a later correction would append an entry of its own).
 */
export interface HoursEntryRecord {
  _id: string;
  userId: Types.ObjectId;
  enrollmentId: string;
  kind: 'verified';
  minutes: number;
  category: string;
  /** Calendar year of the shift in Asia/Shanghai. */
  year: number;
  verifiedBy: Types.ObjectId;
  note?: string;
  createdAt: Date;
}

const entrySchema = new Schema<HoursEntryRecord>(
  {
    _id: { type: String, required: true },
    userId: { type: Schema.Types.ObjectId, required: true },
    enrollmentId: { type: String, required: true },
    kind: { type: String, required: true },
    minutes: { type: Number, required: true, min: 0 },
    category: { type: String, required: true },
    year: { type: Number, required: true },
    verifiedBy: { type: Schema.Types.ObjectId, required: true },
    note: String,
  },
  { timestamps: { createdAt: true, updatedAt: false }, strict: 'throw', collection: 'service_hours' },
);
entrySchema.index({ userId: 1, createdAt: -1 });

export function hoursEntryModel(connection: Connection): Model<HoursEntryRecord> {
  return (connection.models.HoursEntry as Model<HoursEntryRecord> | undefined)
    ?? connection.model<HoursEntryRecord>('HoursEntry', entrySchema);
}
