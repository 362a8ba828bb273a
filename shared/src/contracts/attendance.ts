import { z } from './zod';
import { pointSchema } from './common';

/** A rotating check-in code as shown in the staff's QR: `<window>.<signature>`. */
export const checkInCodeSchema = z.string().regex(/^\d{1,12}\.[A-Za-z0-9_-]{16,64}$/, '签到码无效，请重新扫码');

/** Check in or out by scanning the staff's QR code, or by location near the need. */
export const attendanceProofSchema = z.union(
  [z.strictObject({ code: checkInCodeSchema }), z.strictObject({ location: pointSchema })],
  { message: '请扫描签到码或提供当前位置' },
);

export const verifyHoursSchema = z.strictObject({
  /** Verified service minutes; omitted means "confirm the system hours". */
  minutes: z.number().int('时长须为整数分钟').min(0, '时长不能为负').max(720, '单次服务不能超过 12 小时').optional(),
  note: z.string().trim().max(200, '备注最多 200 个字').optional(),
});

export type AttendanceProof = z.infer<typeof attendanceProofSchema>;
export type VerifyHoursInput = z.infer<typeof verifyHoursSchema>;

export type AttendanceStatus = 'checked_in' | 'checked_out' | 'verified';

/** A volunteer's attendance on one shift; minutes are whole minutes of service. */
export interface AttendanceView {
  enrollmentId: string;
  status: AttendanceStatus;
  checkInAt: string;
  checkOutAt?: string;
  /** Time between check-in and check-out, clamped to the shift. */
  systemMinutes?: number;
  verifiedMinutes?: number;
  /** Reasons staff should look: `auto_checkout`, `location_far`, … */
  flags: string[];
}

/** The code staff show, and when it stops being accepted. */
export interface CheckInCodeView {
  code: string;
  expiresAt: string;
  /** Seconds until the next code; the staff page refreshes then. */
  refreshInSeconds: number;
}

export interface HoursSummaryView {
  /** Verified hours, one decimal. */
  totalHours: number;
  byCategory: Record<string, number>;
  byYear: Record<string, number>;
  /** 0–5 by the national star rating thresholds. */
  stars: number;
  /** Hours still needed for the next star, or null at five stars. */
  hoursToNextStar: number | null;
}
