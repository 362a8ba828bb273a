import { createHmac, timingSafeEqual } from 'node:crypto';
import { Types } from 'mongoose';
import {
  offlineProofMessage,
  type Actor, type AttendanceView, type OfflineAttendanceInput, type OfflineCheckInCodesView, type OfflineKeyView,
} from '@tongxin/shared';
import { authorize } from '../access';
import { AppError, ConflictError, NotFoundError } from '../../platform/errors';
import type { CheckInCodes } from './attendance.codes';
import type { AttendanceRecord, AttendanceRepository } from './attendance.repository';
import { clampedMinutes, withinReach } from './attendance.rules';
import { toAttendanceView } from './attendance.view';
import type { AttendancePorts, AttendanceRules, ShiftPlace } from './attendance.service';
import type { Implausibility } from './implausibility';

export interface OfflineRules extends AttendanceRules {
  windowSeconds: number;
  /** Proofs are accepted up to this many hours after the shift's end. */
  submitHours: number;
}

/** Tolerance for the phone's clock against the window its scanned code names. */
const CLOCK_SKEW_MS = 60_000;

/**
 * Check-in and check-out made without network, accepted later and flagged `offline` for staff.
 * The time comes from the staff's rotating code, which the server signed for one window: the app's
 * own clock may only place the scan inside that window, so a volunteer cannot move the time. The
 * proof is signed with a key derived per enrollment (nothing stored), binding code, place and time
 * to this sign-up; location must be as near the need as online.
 */
export class OfflineAttendance {
  constructor(
    private readonly repository: AttendanceRepository,
    private readonly codes: CheckInCodes,
    private readonly ports: AttendancePorts,
    private readonly rules: OfflineRules,
    private readonly checks: Implausibility,
    private readonly keySecret: string,
    private readonly now: () => Date = () => new Date(),
  ) {}

  async keyFor(actor: Actor, enrollmentId: string): Promise<OfflineKeyView> {
    await this.ownEnrollment(actor, enrollmentId);
    return { enrollmentId, key: this.key(enrollmentId).toString('base64url'), algorithm: 'HMAC-SHA256' };
  }

  /** Staff take a shift's codes onto a device that will be offline; only in the day before the shift. */
  async codesFor(actor: Actor, needId: string, shiftId: string): Promise<OfflineCheckInCodesView> {
    const place = await this.ports.findShiftPlace(needId, shiftId);
    if (!place) throw new NotFoundError('班次不存在');
    authorize(actor, 'attendance:show-code', { communityCode: place.communityCode });
    if (place.startsAt.getTime() - this.now().getTime() > 86_400_000) throw new ConflictError('CONFLICT', '班次开始前 24 小时内才能下载离线签到码');
    const from = new Date(place.startsAt.getTime() - this.rules.opensMinutes * 60_000);
    const to = new Date(place.endsAt.getTime() + this.rules.graceMinutes * 60_000);
    return { windowSeconds: this.rules.windowSeconds, codes: this.codes.issueRange(shiftId, from, to) };
  }

  async submit(actor: Actor, enrollmentId: string, proof: OfflineAttendanceInput): Promise<AttendanceView> {
    const { enrollment, place } = await this.ownEnrollment(actor, enrollmentId);
    if (enrollment.status !== 'enrolled' && enrollment.status !== 'no_show') throw new ConflictError('CONFLICT', '该报名已取消，无法签到');
    if (this.now().getTime() > place.endsAt.getTime() + this.rules.submitHours * 3_600_000) throw new ConflictError('OFFLINE_SUBMIT_TOO_LATE');
    const at = this.provenTime(enrollmentId, enrollment.shiftId, proof);
    const opensAt = place.startsAt.getTime() - this.rules.opensMinutes * 60_000;
    const closesAt = place.endsAt.getTime() + this.rules.graceMinutes * 60_000;
    if (at.getTime() < opensAt || at.getTime() > closesAt) throw new AppError('OFFLINE_PROOF_INVALID', '扫码时间不在该班次的签到时段内');
    if (!withinReach(place, proof.location, this.rules.radiusMetres)) throw new AppError('CHECK_IN_TOO_FAR');
    const flags = ['offline', ...(enrollment.status === 'no_show' ? ['offline_after_no_show'] : [])];
    const record = proof.action === 'check_in'
      ? await this.checkIn(enrollment, place, at, flags)
      : await this.checkOut(enrollmentId, place, at, flags);
    return toAttendanceView(record);
  }

  private async checkIn(enrollment: { id: string; userId: string; needId: string; shiftId: string }, place: ShiftPlace, at: Date, flags: string[]) {
    const inserted = await this.repository.insertCheckIn({
      _id: enrollment.id, userId: new Types.ObjectId(enrollment.userId), needId: new Types.ObjectId(enrollment.needId),
      shiftId: new Types.ObjectId(enrollment.shiftId), communityCode: place.communityCode, category: place.category,
      shiftStartsAt: place.startsAt, shiftEndsAt: place.endsAt, checkInAt: at, checkInMethod: 'offline', flags,
    });
    if (!inserted) throw new ConflictError('ALREADY_CHECKED_IN');
    return (await this.repository.findById(enrollment.id))!;
  }

  /** Closes an open record, or replaces the automatic check-out the shift-close job made meanwhile. */
  private async checkOut(enrollmentId: string, place: ShiftPlace, at: Date, flags: string[]): Promise<AttendanceRecord> {
    const record = await this.repository.findById(enrollmentId);
    if (!record) throw new AppError('NOT_CHECKED_IN');
    const replacesAuto = record.status === 'checked_out' && record.checkOutMethod === 'auto';
    if (record.status !== 'checked_in' && !replacesAuto) throw new ConflictError('ALREADY_CHECKED_OUT');
    if (at < record.checkInAt) throw new AppError('OFFLINE_PROOF_INVALID', '签退时间早于签到时间');
    const updated = await this.repository.update(enrollmentId, record.status, {
      status: 'checked_out', checkOutAt: at, checkOutMethod: 'offline', systemMinutes: clampedMinutes(record.checkInAt, at, place),
    });
    if (!updated) throw new ConflictError('ALREADY_CHECKED_OUT');
    await this.repository.addFlags(enrollmentId, flags);
    await this.checks.afterCheckOut(updated);
    return (await this.repository.findById(enrollmentId))!;
  }

  /** The scan's instant: the app's clock, held inside the window the genuine code was shown in. */
  private provenTime(enrollmentId: string, shiftId: string, proof: OfflineAttendanceInput): Date {
    const expected = createHmac('sha256', this.key(enrollmentId)).update(offlineProofMessage(enrollmentId, proof)).digest();
    const given = Buffer.from(proof.signature, 'base64url');
    if (given.length !== expected.length || !timingSafeEqual(given, expected)) throw new AppError('OFFLINE_PROOF_INVALID', '签名不符');
    const shownAt = this.codes.shownAt(shiftId, proof.code);
    if (!shownAt) throw new AppError('OFFLINE_PROOF_INVALID', '签到码无效');
    // A code is shown for one window and still accepted in the next.
    const validUntil = shownAt.getTime() + 2 * this.rules.windowSeconds * 1000;
    const claimed = Date.parse(proof.capturedAt);
    if (claimed < shownAt.getTime() - CLOCK_SKEW_MS || claimed > validUntil + CLOCK_SKEW_MS || claimed > this.now().getTime() + CLOCK_SKEW_MS) {
      throw new AppError('OFFLINE_PROOF_INVALID', '记录时间与签到码的时间不符');
    }
    return new Date(Math.min(Math.max(claimed, shownAt.getTime()), validUntil, this.now().getTime()));
  }

  private key(enrollmentId: string): Buffer {
    return createHmac('sha256', this.keySecret).update(`offline-key:${enrollmentId}`).digest();
  }

  private async ownEnrollment(actor: Actor, enrollmentId: string) {
    const enrollment = await this.ports.findEnrollment(enrollmentId);
    if (!enrollment) throw new NotFoundError('报名记录不存在');
    authorize(actor, 'attendance:self', { ownerUserId: enrollment.userId });
    const place = await this.ports.findShiftPlace(enrollment.needId, enrollment.shiftId);
    if (!place) throw new NotFoundError('班次不存在');
    return { enrollment, place };
  }
}


