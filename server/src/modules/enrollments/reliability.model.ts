import { Schema, Types, type Connection, type Model } from 'mongoose';

export type ReliabilityKind = 'late_cancellation' | 'no_show' | 'completed';

/** Stored facts: the counted kinds, and staff reversing a no-show (`no_show_reversed:<generation>` cancels `no_show:<generation>`). */
export type ReliabilityFactKind = ReliabilityKind | 'no_show_reversed';

/**
 * One fact about a volunteer's attendance, inserted once under a deterministic `_id`
 * (`<kind>:<enrollment generation>`), so a retried job or a double click counts it once;
 * counts are summed on read rather than kept by `$inc`, which FerretDB 1.24 does not apply atomically.
 */
export interface ReliabilityEventRecord {
  _id: string;
  userId: Types.ObjectId;
  kind: ReliabilityFactKind;
  at: Date;
  /** Who reversed a no-show. */
  by?: Types.ObjectId;
}

const reliabilitySchema = new Schema<ReliabilityEventRecord>(
  {
    _id: { type: String, required: true },
    userId: { type: Schema.Types.ObjectId, required: true },
    kind: { type: String, required: true },
    at: { type: Date, required: true },
    by: Schema.Types.ObjectId,
  },
  { strict: 'throw', collection: 'reliability_events', versionKey: false },
);
reliabilitySchema.index({ userId: 1 });

export function reliabilityModel(connection: Connection): Model<ReliabilityEventRecord> {
  return (connection.models.ReliabilityEvent as Model<ReliabilityEventRecord> | undefined)
    ?? connection.model<ReliabilityEventRecord>('ReliabilityEvent', reliabilitySchema);
}
