import { Types } from 'mongoose';
import type { Actor, CorrectHoursInput, EnrollmentHoursView, HoursEntryView } from '@tongxin/shared';
import { authorize, can } from '../access';
import type { AuditTrail } from '../audit';
import type { DomainEventBus } from '../domain-events';
import { AppError, ConflictError, NotFoundError } from '../../platform/errors';
import type { AttendanceRepository, HoursEntryRecord } from './attendance.repository';
import { clampedMinutes } from './attendance.rules';
import { ledgerIds } from './service-hours.model';

/** Corrections are few (a typo, a complaint); past this many per sign-up something else is wrong. */
const MAX_CORRECTIONS = 20;

/**
 * Corrections to verified hours. The verified entry is never changed: each correction is a new ledger
 * entry `correct:<enrollmentId>:<n>` holding the signed change, the minutes before and after, who and
 * why; the audit trail adds where from. Taking number n by insert is the compare-and-set: of two staff
 * correcting at once, one gets n and the other a conflict, so no correction is built on a stale value.
 */
export class HoursCorrections {
  constructor(
    private readonly repository: AttendanceRepository,
    private readonly audit: AuditTrail,
    private readonly events: DomainEventBus,
  ) {}

  async correct(actor: Actor, enrollmentId: string, input: CorrectHoursInput): Promise<EnrollmentHoursView> {
    const record = await this.repository.findById(enrollmentId);
    if (!record) throw new NotFoundError('没有该报名的签到记录');
    authorize(actor, 'attendance:verify', { communityCode: record.communityCode });
    const { verified, corrections, supplement } = await this.entriesOf(enrollmentId);
    if (!verified) throw new ConflictError('CONFLICT', '该服务时长尚未核定，请直接核定');
    if (corrections.length >= MAX_CORRECTIONS) throw new ConflictError('CONFLICT', '该记录更正次数过多，请联系管理员');
    const current = currentMinutes(verified, corrections);
    if (input.minutes === current) throw new ConflictError('CONFLICT', '更正后的时长与当前核定时长相同');
    const shift = { startsAt: record.shiftStartsAt, endsAt: record.shiftEndsAt };
    if (input.minutes + (supplement?.minutes ?? 0) > clampedMinutes(shift.startsAt, shift.endsAt, shift)) throw new AppError('HOURS_EXCEED_SHIFT');

    const appended = await this.repository.appendHours({
      _id: ledgerIds.correction(enrollmentId, corrections.length + 1),
      userId: record.userId,
      enrollmentId,
      kind: 'correction',
      minutes: input.minutes - current,
      previousMinutes: current,
      correctedMinutes: input.minutes,
      category: verified.category,
      year: verified.year,
      verifiedBy: new Types.ObjectId(actor.userId),
      note: input.reason,
    });
    if (!appended) throw new ConflictError('CONFLICT', '该记录刚被他人更正，请刷新后重试');
    await this.repository.addFlags(enrollmentId, ['hours_corrected']);
    await this.audit.record({
      actor, action: 'hours:correct', subject: { type: 'enrollment', id: enrollmentId, communityCode: record.communityCode },
      before: { verifiedMinutes: current }, after: { verifiedMinutes: input.minutes, reason: input.reason },
    });
    await this.events.publish('hours:recorded', {
      enrollmentId, userId: record.userId.toHexString(), communityCode: record.communityCode,
      minutes: input.minutes - current, kind: 'correction', at: new Date(),
    });
    return this.history(actor, enrollmentId);
  }

  /** A sign-up's hours history, for the volunteer and for staff of the need's community. */
  async history(actor: Actor, enrollmentId: string): Promise<EnrollmentHoursView> {
    const record = await this.repository.findById(enrollmentId);
    const { verified, corrections, supplement } = await this.entriesOf(enrollmentId);
    const owner = record?.userId.toHexString() ?? verified?.userId.toHexString() ?? supplement?.userId.toHexString();
    const communityCode = record?.communityCode;
    if (!can(actor, 'attendance:self', { ...(owner ? { ownerUserId: owner } : {}) })
      && !can(actor, 'attendance:verify', { ...(communityCode ? { communityCode } : {}) })) {
      throw new NotFoundError('没有该报名的服务时长');
    }
    const entries = [verified, ...corrections, supplement].filter((e): e is HoursEntryRecord => e !== null && e !== undefined);
    return {
      enrollmentId,
      verifiedMinutes: verified ? currentMinutes(verified, corrections) : null,
      supplementaryMinutes: supplement?.minutes ?? 0,
      entries: entries.map(toEntryView),
    };
  }

  /** The verified entry, its corrections in order and the supplementary entry, each by `_id` (the store's fast path). */
  private async entriesOf(enrollmentId: string) {
    const [verified, supplement] = await Promise.all([
      this.repository.findEntry(ledgerIds.verified(enrollmentId)),
      this.repository.findEntry(ledgerIds.supplementary(enrollmentId)),
    ]);
    const corrections: HoursEntryRecord[] = [];
    for (let n = 1; verified && n <= MAX_CORRECTIONS; n += 1) {
      const next = await this.repository.findEntry(ledgerIds.correction(enrollmentId, n));
      if (!next) break;
      corrections.push(next);
    }
    return { verified, corrections, supplement };
  }
}

/** Verified minutes after every correction: the last correction's value, else the verified entry's. */
export function currentMinutes(verified: HoursEntryRecord, corrections: readonly HoursEntryRecord[]): number {
  return corrections.at(-1)?.correctedMinutes ?? verified.minutes;
}

function toEntryView(e: HoursEntryRecord): HoursEntryView {
  return {
    kind: e.kind,
    minutes: e.minutes,
    ...(e.previousMinutes !== undefined ? { previousMinutes: e.previousMinutes } : {}),
    ...(e.correctedMinutes !== undefined ? { correctedMinutes: e.correctedMinutes } : {}),
    ...(e.note ? { note: e.note } : {}),
    recordedBy: e.verifiedBy.toHexString(),
    recordedAt: e.createdAt.toISOString(),
  };
}
