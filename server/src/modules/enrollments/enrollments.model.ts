import { Schema, Types, type Connection, type Model } from 'mongoose';
import type { EnrollmentStatus } from '@tongxin/shared';

export interface EnrollmentRecord {
  /** `<shiftId>:<userId>`: one sign-up per volunteer and shift, unique by construction. */
  _id: string;
  needId: Types.ObjectId;
  shiftId: Types.ObjectId;
  userId: Types.ObjectId;
  communityCode: string;
  /** Copied from the need so a schedule and a reminder read one document. */
  needTitle: string;
  status: EnrollmentStatus;
  /** The place held on the shift (see ShiftSeats) while enrolled. */
  seat?: number;
  startsAt: Date;
  endsAt: Date;
  cancelledAt?: Date;
  lateCancellation?: boolean;
  /** Staff reversed the no-show (the deciding fact is in `reliability_events`). */
  noShowReversedAt?: Date;
  /** The 24 h reminder asking to confirm reached the inbox. */
  confirmationAskedAt?: Date;
  confirmedAt?: Date;
  /** Cancelled by the system: asked, and not confirmed by the cut-off. */
  releasedUnconfirmed?: boolean;
  createdAt: Date;
  updatedAt: Date;
}

const enrollmentSchema = new Schema<EnrollmentRecord>(
  {
    _id: { type: String, required: true },
    needId: { type: Schema.Types.ObjectId, required: true },
    shiftId: { type: Schema.Types.ObjectId, required: true },
    userId: { type: Schema.Types.ObjectId, required: true },
    communityCode: { type: String, required: true },
    needTitle: { type: String, required: true },
    status: { type: String, required: true },
    seat: { type: Number },
    startsAt: { type: Date, required: true },
    endsAt: { type: Date, required: true },
    cancelledAt: { type: Date },
    lateCancellation: { type: Boolean },
    noShowReversedAt: { type: Date },
    confirmationAskedAt: { type: Date },
    confirmedAt: { type: Date },
    releasedUnconfirmed: { type: Boolean },
  },
  { timestamps: true, strict: 'throw', collection: 'enrollments' },
);

// A volunteer's schedule, and a shift's roster.
enrollmentSchema.index({ userId: 1, startsAt: 1 });
enrollmentSchema.index({ shiftId: 1, status: 1, createdAt: 1 });
// Upcoming places, for the reminder repair.
enrollmentSchema.index({ status: 1, startsAt: 1 });

export function enrollmentId(shiftId: string, userId: string): string {
  return `${shiftId}:${userId}`;
}

export function enrollmentModel(connection: Connection): Model<EnrollmentRecord> {
  return (connection.models.Enrollment as Model<EnrollmentRecord> | undefined)
    ?? connection.model<EnrollmentRecord>('Enrollment', enrollmentSchema);
}
