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

/** Per-volunteer totals kept by `$inc` beside the ledger, read by `_id` for "my hours". */
export interface HoursTotalsRecord {
  _id: Types.ObjectId;
  totalMinutes: number;
  byCategory: Record<string, number>;
  byYear: Record<string, number>;
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

const totalsSchema = new Schema<HoursTotalsRecord>(
  {
    totalMinutes: { type: Number, default: 0 },
    byCategory: { type: Schema.Types.Mixed, default: {} },
    byYear: { type: Schema.Types.Mixed, default: {} },
  },
  { strict: 'throw', collection: 'service_hours_totals', minimize: false },
);

export function hoursEntryModel(connection: Connection): Model<HoursEntryRecord> {
  return (connection.models.HoursEntry as Model<HoursEntryRecord> | undefined)
    ?? connection.model<HoursEntryRecord>('HoursEntry', entrySchema);
}

export function hoursTotalsModel(connection: Connection): Model<HoursTotalsRecord> {
  return (connection.models.HoursTotals as Model<HoursTotalsRecord> | undefined)
    ?? connection.model<HoursTotalsRecord>('HoursTotals', totalsSchema);
}
