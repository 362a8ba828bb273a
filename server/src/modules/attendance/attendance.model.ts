import { Schema, Types, type Connection, type Model } from 'mongoose';
import type { AttendanceStatus, NeedCategory } from '@tongxin/shared';

/** `offline`: a signed check made without network and submitted later (see offline-attendance.ts). */
export type ProofMethod = 'code' | 'location' | 'auto' | 'offline';

export interface AttendanceRecord {
  /** The enrollment id: one attendance per sign-up, unique by construction. */
  _id: string;
  userId: Types.ObjectId;
  needId: Types.ObjectId;
  shiftId: Types.ObjectId;
  communityCode: string;
  category: NeedCategory;
  shiftStartsAt: Date;
  shiftEndsAt: Date;
  status: AttendanceStatus;
  checkInAt: Date;
  checkInMethod: ProofMethod;
  checkOutAt?: Date;
  checkOutMethod?: ProofMethod;
  systemMinutes?: number;
  verifiedMinutes?: number;
  verifiedBy?: Types.ObjectId;
  verifiedAt?: Date;
  /** Reasons staff should look (see implausibility.ts): `auto_checkout`, `overlapping`, `beyond_shift`, `shared_device`, … */
  flags: string[];
  /** HMAC of the device id the check-in came from (never the id itself). */
  deviceKey?: string;
  /** Staff looked at the flags. */
  reviewedAt?: Date;
  reviewedBy?: Types.ObjectId;
  reviewNote?: string;
  createdAt: Date;
  updatedAt: Date;
}

const attendanceSchema = new Schema<AttendanceRecord>(
  {
    _id: { type: String, required: true },
    userId: { type: Schema.Types.ObjectId, required: true },
    needId: { type: Schema.Types.ObjectId, required: true },
    shiftId: { type: Schema.Types.ObjectId, required: true },
    communityCode: { type: String, required: true },
    category: { type: String, required: true },
    shiftStartsAt: { type: Date, required: true },
    shiftEndsAt: { type: Date, required: true },
    status: { type: String, required: true },
    checkInAt: { type: Date, required: true },
    checkInMethod: { type: String, required: true },
    checkOutAt: Date,
    checkOutMethod: String,
    systemMinutes: Number,
    verifiedMinutes: Number,
    verifiedBy: Schema.Types.ObjectId,
    verifiedAt: Date,
    flags: { type: [String], default: [] },
    deviceKey: String,
    reviewedAt: Date,
    reviewedBy: Schema.Types.ObjectId,
    reviewNote: String,
  },
  { timestamps: true, strict: 'throw', collection: 'attendance' },
);

// A shift's roster for staff, and a volunteer's history.
attendanceSchema.index({ shiftId: 1 });
attendanceSchema.index({ userId: 1, shiftStartsAt: -1 });
// Staff's list of flagged records per community.
attendanceSchema.index({ communityCode: 1, shiftStartsAt: -1 });

export function attendanceModel(connection: Connection): Model<AttendanceRecord> {
  return (connection.models.Attendance as Model<AttendanceRecord> | undefined)
    ?? connection.model<AttendanceRecord>('Attendance', attendanceSchema);
}
