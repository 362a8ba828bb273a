import { Schema, type Connection, type Model } from 'mongoose';

/** A marker that an exclusive step happened (`cancel:<id>@<generation>`, `promote:…`): inserted once, never changed. */
export interface OnceRecord {
  _id: string;
  at: Date;
}

const onceSchema = new Schema<OnceRecord>(
  { _id: { type: String, required: true }, at: { type: Date, required: true } },
  { strict: 'throw', collection: 'enrollment_steps', versionKey: false },
);

export function onceModel(connection: Connection): Model<OnceRecord> {
  return (connection.models.EnrollmentStep as Model<OnceRecord> | undefined) ?? connection.model<OnceRecord>('EnrollmentStep', onceSchema);
}
