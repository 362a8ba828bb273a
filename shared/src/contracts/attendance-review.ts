import { z } from './zod';
import { communityCodeSchema } from './common';

/** Staff correct verified hours: a new ledger entry, the verified one stays as it was. */
export const correctHoursSchema = z.strictObject({
  /** The corrected verified minutes (not the change); with supplementary minutes never more than the shift. */
  minutes: z.number().int('时长须为整数分钟').min(0, '时长不能为负').max(720, '单次服务不能超过 12 小时'),
  reason: z.string().trim().min(2, '请填写更正原因').max(200, '原因最多 200 个字'),
});
export type CorrectHoursInput = z.infer<typeof correctHoursSchema>;

/** One entry of a sign-up's hours history, oldest first. */
export interface HoursEntryView {
  kind: 'verified' | 'supplementary' | 'correction';
  /** The minutes this entry adds (a correction's signed change). */
  minutes: number;
  /** Corrections: verified minutes before and after. */
  previousMinutes?: number;
  correctedMinutes?: number;
  note?: string;
  recordedBy: string;
  recordedAt: string;
}

/** A sign-up's hours: the current verified minutes (after corrections) and every ledger entry behind them. */
export interface EnrollmentHoursView {
  enrollmentId: string;
  verifiedMinutes: number | null;
  supplementaryMinutes: number;
  entries: HoursEntryView[];
}

/** Why a record is flagged for staff. */
export const ATTENDANCE_FLAGS = {
  auto_checkout: '忘记签退，系统已在班次结束时自动签退',
  overlapping: '与该志愿者的其他服务记录时间重叠',
  beyond_shift: '签到至签退的时间明显超出班次时长',
  above_system_hours: '核定时长超过系统记录的时长',
  shared_device: '同一设备当天为多名志愿者签到',
  offline: '离线签到，事后提交',
  offline_after_no_show: '离线签到在被记为缺席后才提交',
  hours_corrected: '已核定的时长被更正',
} as const;
export type AttendanceFlag = keyof typeof ATTENDANCE_FLAGS;

export const flaggedAttendanceQuerySchema = z.strictObject({
  /** Default: the staff member's own community. */
  communityCode: communityCodeSchema.optional(),
  /** Include records staff already reviewed. */
  includeReviewed: z.enum(['true', 'false'], { message: 'includeReviewed 只能是 true 或 false' }).default('false').transform((v) => v === 'true'),
  limit: z.coerce.number().int().min(1).max(200).default(50),
});
export type FlaggedAttendanceQuery = z.infer<typeof flaggedAttendanceQuerySchema>;

export interface FlaggedAttendanceView {
  enrollmentId: string;
  userId: string;
  needId: string;
  shiftStartsAt: string;
  shiftEndsAt: string;
  status: string;
  checkInAt: string;
  checkOutAt?: string;
  checkInMethod: string;
  systemMinutes?: number;
  verifiedMinutes?: number;
  flags: Array<{ code: string; label: string }>;
  reviewedAt?: string;
}

export const reviewAttendanceSchema = z.strictObject({
  note: z.string().trim().max(200, '备注最多 200 个字').optional(),
});
export type ReviewAttendanceInput = z.infer<typeof reviewAttendanceSchema>;

/** The device a check-in came from (`X-Device-Id` header): an app-generated id, never a hardware serial. */
export const deviceIdSchema = z.string().regex(/^[A-Za-z0-9_-]{8,64}$/, '设备编号格式不正确');
