import { Types } from 'mongoose';
import {
  type Actor, type AttendanceProof, type AttendanceView, type CheckInCodeView, type NeedCategory, type VerifyHoursInput,
} from '@tongxin/shared';
import { authorize } from '../access';
import type { AuditTrail } from '../audit';
import type { DomainEventBus } from '../domain-events';
import { AppError, ConflictError, NotFoundError } from '../../platform/errors';
import type { CheckInCodes } from './attendance.codes';
import type { Implausibility } from './implausibility';
import type { AttendanceRecord, AttendanceRepository } from './attendance.repository';
import type { ProofMethod } from './attendance.model';
import { ledgerIds } from './service-hours.model';
import { clampedMinutes, shanghaiYear, withinReach } from './attendance.rules';
import { toAttendanceView } from './attendance.view';

/** The parts of a sign-up attendance needs, from the enrollments module. */
export interface EnrolledShift {
  id: string;
  userId: string;
  needId: string;
  shiftId: string;
  communityCode: string;
  status: string;
  startsAt: Date;
  endsAt: Date;
}

/** The parts of a need attendance needs, from the needs module. */
export interface ShiftPlace {
  title: string;
  /** Who posted the need: the one asked to verify its hours. */
  postedBy: string;
  communityCode: string;
  category: NeedCategory;
  location?: { lat: number; lng: number };
  startsAt: Date;
  endsAt: Date;
}

export interface AttendancePorts {
  findEnrollment(id: string): Promise<EnrolledShift | null>;
  findShiftPlace(needId: string, shiftId: string): Promise<ShiftPlace | null>;
  /** Sign-ups still `enrolled` on a shift. */
  listEnrolledOnShift(shiftId: string): Promise<EnrolledShift[]>;
  markNoShow(enrollmentId: string): Promise<void>;
  /** A non-urgent notice in a user's inbox; `id` is deterministic, so a repeat is a no-op. */
  notify(userId: string, notice: { id: string; title: string; body: string; data: Record<string, string> }): Promise<unknown>;
  markAttended(enrollmentId: string): Promise<void>;
}

export interface AttendanceRules {
  opensMinutes: number;
  graceMinutes: number;
  radiusMetres: number;
}


export class AttendanceService {
  constructor(
    private readonly repository: AttendanceRepository,
    private readonly codes: CheckInCodes,
    private readonly ports: AttendancePorts,
    private readonly rules: AttendanceRules,
    private readonly audit: AuditTrail,
    private readonly events: DomainEventBus,
    private readonly checks: Implausibility,
    private readonly now: () => Date = () => new Date(),
  ) {}

  async checkInCode(actor: Actor, needId: string, shiftId: string): Promise<CheckInCodeView> {
    const place = await this.requirePlace(needId, shiftId);
    authorize(actor, 'attendance:show-code', { communityCode: place.communityCode });
    return this.codes.issue(shiftId, this.now());
  }

  /** `deviceId`: the app's id of the phone (`X-Device-Id`), for the shared-device check. */
  async checkIn(actor: Actor, enrollmentId: string, proof: AttendanceProof, deviceId?: string): Promise<AttendanceView> {
    const { enrollment, place } = await this.ownEnrollment(actor, enrollmentId);
    const now = this.now();
    if (enrollment.status !== 'enrolled') throw new ConflictError('CONFLICT', '该报名已取消，无法签到');
    if (now.getTime() < place.startsAt.getTime() - this.rules.opensMinutes * 60_000) throw new AppError('CHECK_IN_NOT_OPEN');
    if (now > place.endsAt) throw new AppError('CHECK_IN_CLOSED');
    const method = this.verifyProof(enrollment.shiftId, place, proof, now);
    const deviceKey = deviceId ? this.checks.deviceKey(deviceId) : undefined;
    const inserted = await this.repository.insertCheckIn({
      _id: enrollment.id,
      userId: new Types.ObjectId(enrollment.userId),
      needId: new Types.ObjectId(enrollment.needId),
      shiftId: new Types.ObjectId(enrollment.shiftId),
      communityCode: place.communityCode,
      category: place.category,
      shiftStartsAt: place.startsAt,
      shiftEndsAt: place.endsAt,
      checkInAt: now,
      checkInMethod: method,
      ...(deviceKey ? { deviceKey } : {}),
    });
    if (!inserted) throw new ConflictError('ALREADY_CHECKED_IN');
    await this.checks.afterCheckIn({ _id: enrollment.id, userId: new Types.ObjectId(enrollment.userId), checkInAt: now }, deviceKey);
    return toAttendanceView((await this.repository.findById(enrollment.id))!);
  }

  async checkOut(actor: Actor, enrollmentId: string, proof: AttendanceProof): Promise<AttendanceView> {
    const { enrollment, place } = await this.ownEnrollment(actor, enrollmentId);
    const record = await this.repository.findById(enrollment.id);
    if (!record) throw new AppError('NOT_CHECKED_IN');
    if (record.status !== 'checked_in') throw new ConflictError('ALREADY_CHECKED_OUT');
    const now = this.now();
    if (now.getTime() > place.endsAt.getTime() + this.rules.graceMinutes * 60_000) throw new AppError('CHECK_IN_CLOSED');
    const method = this.verifyProof(enrollment.shiftId, place, proof, now);
    const updated = await this.repository.update(enrollment.id, 'checked_in', {
      status: 'checked_out', checkOutAt: now, checkOutMethod: method, systemMinutes: clampedMinutes(record.checkInAt, now, place),
    });
    if (!updated) throw new ConflictError('ALREADY_CHECKED_OUT');
    const flags = await this.checks.afterCheckOut(updated);
    return toAttendanceView({ ...updated, flags: [...new Set([...updated.flags, ...flags])] });
  }

  /** Staff confirm (or correct within the shift's length) the hours; a verified record is final. */
  async verify(actor: Actor, enrollmentId: string, input: VerifyHoursInput): Promise<AttendanceView> {
    const record = await this.repository.findById(enrollmentId);
    if (!record) throw new NotFoundError('没有该报名的签到记录');
    authorize(actor, 'attendance:verify', { communityCode: record.communityCode });
    if (record.status === 'verified') throw new ConflictError('ALREADY_VERIFIED');
    if (record.status !== 'checked_out') throw new ConflictError('CONFLICT', '志愿者尚未签退，暂不能核定时长');
    const shiftMinutes = clampedMinutes(record.shiftStartsAt, record.shiftEndsAt, { startsAt: record.shiftStartsAt, endsAt: record.shiftEndsAt });
    const minutes = input.minutes ?? record.systemMinutes ?? 0;
    // Supplementary hours already added for this sign-up share the shift's length.
    const supplement = await this.repository.findEntry(ledgerIds.supplementary(record._id));
    if (minutes + (supplement?.minutes ?? 0) > shiftMinutes) throw new AppError('HOURS_EXCEED_SHIFT');
    const appended = await this.repository.appendHours({
      _id: ledgerIds.verified(record._id),
      userId: record.userId,
      enrollmentId: record._id,
      kind: 'verified',
      minutes,
      category: record.category,
      year: shanghaiYear(record.shiftStartsAt),
      verifiedBy: new Types.ObjectId(actor.userId),
      ...(input.note ? { note: input.note } : {}),
    });
    if (!appended) throw new ConflictError('ALREADY_VERIFIED');
    const verifiedAt = this.now();
    const updated = await this.repository.update(record._id, 'checked_out', {
      status: 'verified', verifiedMinutes: minutes, verifiedBy: new Types.ObjectId(actor.userId), verifiedAt,
    }, minutes > (record.systemMinutes ?? 0) ? 'above_system_hours' : undefined);
    await this.audit.record({
      actor, action: 'hours:verify', subject: { type: 'enrollment', id: record._id, communityCode: record.communityCode },
      before: { systemMinutes: record.systemMinutes ?? null }, after: { verifiedMinutes: minutes },
    });
    await this.events.publish('hours:recorded', {
      enrollmentId: record._id, userId: record.userId.toHexString(), communityCode: record.communityCode, minutes, kind: 'verified', at: verifiedAt,
    });
    return toAttendanceView(updated ?? { ...record, status: 'verified', verifiedMinutes: minutes });
  }

  private verifyProof(shiftId: string, place: ShiftPlace, proof: AttendanceProof, now: Date): ProofMethod {
    if ('code' in proof) {
      if (!this.codes.verify(shiftId, proof.code, now)) throw new AppError('CHECK_IN_CODE_INVALID');
      return 'code';
    }
    if (!withinReach(place, proof.location, this.rules.radiusMetres)) throw new AppError('CHECK_IN_TOO_FAR');
    return 'location';
  }

  private async ownEnrollment(actor: Actor, enrollmentId: string) {
    const enrollment = await this.ports.findEnrollment(enrollmentId);
    if (!enrollment) throw new NotFoundError('报名记录不存在');
    authorize(actor, 'attendance:self', { ownerUserId: enrollment.userId });
    return { enrollment, place: await this.requirePlace(enrollment.needId, enrollment.shiftId) };
  }

  private async requirePlace(needId: string, shiftId: string): Promise<ShiftPlace> {
    const place = await this.ports.findShiftPlace(needId, shiftId);
    if (!place) throw new NotFoundError('班次不存在');
    return place;
  }
}

