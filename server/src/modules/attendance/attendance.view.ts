import type { AttendanceView } from '@tongxin/shared';
import type { AttendanceRecord } from './attendance.repository';

/** An attendance record as the API shows it (online and offline check-ins alike). */
export function toAttendanceView(r: AttendanceRecord): AttendanceView {
  return {
    enrollmentId: r._id,
    status: r.status,
    checkInAt: r.checkInAt.toISOString(),
    ...(r.checkOutAt ? { checkOutAt: r.checkOutAt.toISOString() } : {}),
    ...(r.systemMinutes !== undefined ? { systemMinutes: r.systemMinutes } : {}),
    ...(r.verifiedMinutes !== undefined ? { verifiedMinutes: r.verifiedMinutes } : {}),
    flags: r.flags,
  };
}
