import { Schema, Types, type Connection, type Model } from 'mongoose';
import type { AttendanceStatus, NeedCategory } from '@tongxin/shared';

export type ProofMethod = 'code' | 'location' | 'auto';

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
  flags: string[];
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
  },
  { timestamps: true, strict: 'throw', collection: 'attendance' },
);

// A shift's roster for staff, and a volunteer's history.
attendanceSchema.index({ shiftId: 1 });
attendanceSchema.index({ userId: 1, shiftStartsAt: -1 });

export function attendanceModel(connection: Connection): Model<AttendanceRecord> {
  return (connection.models.Attendance as Model<AttendanceRecord> | undefined)
    ?? connection.model<AttendanceRecord>('Attendance', attendanceSchema);
}
