import { Types } from 'mongoose';
import type { Actor, SupplementaryHoursInput, SupplementaryHoursView } from '@tongxin/shared';
import { authorize } from '../access';
import type { AuditTrail } from '../audit';
import type { DomainEventBus } from '../domain-events';
import { AppError, ConflictError, NotFoundError } from '../../platform/errors';
import type { AttendanceRepository, HoursEntryRecord } from './attendance.repository';
import { clampedMinutes, shanghaiYear } from './attendance.rules';
import type { AttendancePorts } from './attendance.service';
import { ledgerIds } from './service-hours.model';

/** Sign-ups that may carry supplementary hours: the volunteer was due on the shift. */
const SERVED_STATUSES = new Set(['enrolled', 'no_show']);

/**
 * Supplementary hours: staff of the need's community add service recorded outside the app, with a
 * reason and evidence. One ledger entry per sign-up (`supplement:<enrollmentId>`, insert-once), and
 * with the verified minutes never more than the shift's length.
 */
export class SupplementaryHours {
  constructor(
    private readonly repository: AttendanceRepository,
    private readonly ports: Pick<AttendancePorts, 'findEnrollment' | 'findShiftPlace'>,
    private readonly audit: AuditTrail,
    private readonly events: DomainEventBus,
    private readonly now: () => Date = () => new Date(),
  ) {}

  async add(actor: Actor, enrollmentId: string, input: SupplementaryHoursInput): Promise<SupplementaryHoursView> {
    const enrollment = await this.ports.findEnrollment(enrollmentId);
    if (!enrollment) throw new NotFoundError('报名记录不存在');
    authorize(actor, 'attendance:verify', { communityCode: enrollment.communityCode });
    const place = await this.ports.findShiftPlace(enrollment.needId, enrollment.shiftId);
    if (!place) throw new NotFoundError('班次不存在');
    if (!SERVED_STATUSES.has(enrollment.status)) throw new ConflictError('CONFLICT', '该报名已取消或在候补中，不能补录时长');
    if (this.now() < place.startsAt) throw new ConflictError('CONFLICT', '班次尚未开始，不能补录时长');
    // Verified minutes as corrected since, so the two together still fit the shift.
    const verified = await this.repository.verifiedMinutesOf(enrollmentId);
    if ((verified ?? 0) + input.minutes > clampedMinutes(place.startsAt, place.endsAt, place)) throw new AppError('HOURS_EXCEED_SHIFT');
    const entry: Omit<HoursEntryRecord, 'createdAt'> = {
      _id: ledgerIds.supplementary(enrollmentId),
      userId: new Types.ObjectId(enrollment.userId),
      enrollmentId,
      kind: 'supplementary',
      minutes: input.minutes,
      category: place.category,
      year: shanghaiYear(place.startsAt),
      verifiedBy: new Types.ObjectId(actor.userId),
      note: input.reason,
      ...(input.evidenceUrl ? { evidenceUrl: input.evidenceUrl } : {}),
    };
    if (!(await this.repository.appendHours(entry))) throw new ConflictError('CONFLICT', '该报名已补录过时长');
    await this.audit.record({
      actor, action: 'hours:supplement', subject: { type: 'enrollment', id: enrollmentId, communityCode: enrollment.communityCode },
      after: { minutes: input.minutes },
    });
    await this.events.publish('hours:recorded', {
      enrollmentId, userId: enrollment.userId, communityCode: enrollment.communityCode, minutes: input.minutes, kind: 'supplementary', at: this.now(),
    });
    const stored = await this.repository.findEntry(entry._id);
    return {
      enrollmentId,
      minutes: input.minutes,
      reason: input.reason,
      ...(input.evidenceUrl ? { evidenceUrl: input.evidenceUrl } : {}),
      createdAt: (stored?.createdAt ?? this.now()).toISOString(),
    };
  }
}
