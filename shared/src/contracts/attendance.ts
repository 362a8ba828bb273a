import { z } from './zod';
import { pointSchema } from './common';
import type { NeedCategory } from '../domain/taxonomy';

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

/** Hours staff add for service recorded outside the app, shown apart from system hours. */
export const supplementaryHoursSchema = z.strictObject({
  /** Whole minutes; with the verified minutes never more than the shift's length. */
  minutes: z.number().int('时长须为整数分钟').min(1, '补录时长至少 1 分钟').max(720, '单次服务不能超过 12 小时'),
  reason: z.string().trim().min(2, '请填写补录原因').max(200, '原因最多 200 个字'),
  evidenceUrl: z.url({ protocol: /^https$/, message: '证明材料须为 https 链接' }).max(500, '链接最多 500 个字符').optional(),
});

export type AttendanceProof = z.infer<typeof attendanceProofSchema>;
export type SupplementaryHoursInput = z.infer<typeof supplementaryHoursSchema>;

/** A supplementary hours entry as stored in the ledger. */
export interface SupplementaryHoursView {
  enrollmentId: string;
  minutes: number;
  reason: string;
  evidenceUrl?: string;
  createdAt: string;
}
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
  /** Verified hours, supplementary hours included, one decimal. */
  totalHours: number;
  /** The part of `totalHours` staff added as supplementary hours (service recorded outside the app). */
  supplementaryHours: number;
  byCategory: Record<string, number>;
  byYear: Record<string, number>;
  /** 0–5 by the national star rating thresholds. */
  stars: number;
  /** Hours still needed for the next star, or null at five stars. */
  hoursToNextStar: number | null;
  /** Whole months since the first verified hours; present when the city sets minimum months per star. */
  monthsOfService?: number;
}

export const serviceRecordsQuerySchema = z.strictObject({
  format: z.enum(['json', 'csv'], { message: '导出格式只能是 json 或 csv' }).default('json'),
});
export type ServiceRecordsQuery = z.infer<typeof serviceRecordsQuerySchema>;

/**
 * One shift a volunteer served, as exported. Times are ISO 8601 with the +08:00 offset
 * (Asia/Shanghai); minutes are whole minutes of service.
 */
export interface ServiceRecordView {
  enrollmentId: string;
  needId: string;
  needTitle: string;
  category: NeedCategory;
  /** The category's Chinese name. */
  categoryName: string;
  communityCode: string;
  communityName: string;
  shiftStartsAt: string;
  shiftEndsAt: string;
  /** null for a shift served without the app (supplementary hours only). */
  checkInAt: string | null;
  checkOutAt: string | null;
  /** Check-in to check-out, clamped to the shift; null while checked in. */
  systemMinutes: number | null;
  /** Minutes staff verified; null until verified. */
  verifiedMinutes: number | null;
  /** Supplementary minutes staff added for service recorded outside the app; 0 when none. */
  supplementaryMinutes: number;
  /** `supplementary_only`: no check-in in the app, hours added by staff. */
  status: AttendanceStatus | 'supplementary_only';
}

/** `GET /api/v1/me/service-records?format=json`. */
export interface ServiceRecordsExport {
  /** Schema version of this format. */
  version: 1;
  generatedAt: string;
  timeZone: 'Asia/Shanghai';
  records: ServiceRecordView[];
}
