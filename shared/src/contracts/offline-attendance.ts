import { z } from './zod';
import { instantSchema, pointSchema } from './common';
import { checkInCodeSchema } from './attendance';

/**
 * A check-in or check-out made without network, submitted later. The staff's QR code dates it (the
 * server signed that window, so the time cannot be made up); the volunteer's app signs the whole
 * proof with its per-enrollment key (`GET /api/v1/enrollments/:id/offline-key`) over
 * `offlineProofMessage(...)`, HMAC-SHA256, base64url.
 */
export const offlineAttendanceSchema = z.strictObject({
  action: z.enum(['check_in', 'check_out'], { message: '操作只能是 check_in 或 check_out' }),
  code: checkInCodeSchema,
  location: pointSchema,
  /** When the app recorded the scan (its clock); must fall inside the scanned code's window. */
  capturedAt: instantSchema,
  signature: z.string().regex(/^[A-Za-z0-9_-]{43}$/, '签名格式不正确'),
});
export type OfflineAttendanceInput = z.infer<typeof offlineAttendanceSchema>;

/** The exact text the app signs: fields joined by `|`, coordinates as sent, the instant as sent. */
export function offlineProofMessage(enrollmentId: string, p: Omit<OfflineAttendanceInput, 'signature'>): string {
  return [enrollmentId, p.action, p.code, String(p.location.lat), String(p.location.lng), p.capturedAt].join('|');
}

/** The key the app signs offline proofs with; fetched while online, kept on the device. */
export interface OfflineKeyView {
  enrollmentId: string;
  /** 32 bytes, base64url. */
  key: string;
  algorithm: 'HMAC-SHA256';
}

/** A shift's codes for a staff device that will be without network: one per window, in order. */
export interface OfflineCheckInCodesView {
  windowSeconds: number;
  codes: Array<{ code: string; from: string; to: string }>;
}
