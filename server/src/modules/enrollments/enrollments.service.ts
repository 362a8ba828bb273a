import { Types } from 'mongoose';
import type { Actor, EnrollmentView } from '@tongxin/shared';
import { authorize } from '../access';
import { ConflictError, NotFoundError } from '../../platform/errors';
import type { NeedsService } from '../needs';
import type { ShiftReminders } from './enrollments.jobs';
import { enrollmentId } from './enrollments.model';
import type { EnrollmentRecord, EnrollmentsRepository } from './enrollments.repository';

function toView(e: EnrollmentRecord): EnrollmentView {
  return {
    id: e._id,
    needId: e.needId.toHexString(),
    shiftId: e.shiftId.toHexString(),
    status: e.status,
    startsAt: e.startsAt.toISOString(),
    endsAt: e.endsAt.toISOString(),
    createdAt: e.createdAt.toISOString(),
  };
}

export class EnrollmentsService {
  constructor(
    private readonly repository: EnrollmentsRepository,
    private readonly needs: NeedsService,
    private readonly reminders: ShiftReminders,
  ) {}

  /**
   * Seat first, record second: a crash in between leaves a seat unused (under-booking, repaired by
   * reconciliation), never more sign-ups than places.
   */
  async enroll(actor: Actor, needId: string, shiftId: string): Promise<EnrollmentView> {
    authorize(actor, 'enrollment:create');
    const slot = await this.needs.openShift(needId, shiftId);
    const id = enrollmentId(shiftId, actor.userId);
    const existing = await this.repository.findById(id);
    if (existing && existing.status !== 'cancelled') throw new ConflictError('ALREADY_ENROLLED');

    await this.needs.claimSeat(slot);
    const enrollment = await this.recordSignUp(id, actor, slot).catch(async (error: unknown) => {
      await this.needs.releaseSeat(slot.need._id, slot.shift._id);
      throw error;
    });
    await this.reminders.schedule(enrollment);
    return toView(enrollment);
  }

  async cancel(actor: Actor, id: string): Promise<EnrollmentView> {
    const enrollment = await this.repository.findById(id);
    if (!enrollment) throw new NotFoundError('报名记录不存在');
    authorize(actor, 'enrollment:cancel', { ownerUserId: enrollment.userId.toHexString(), communityCode: enrollment.communityCode });
    const cancelled = await this.repository.transition(id, 'enrolled', 'cancelled', { cancelledAt: new Date() });
    if (!cancelled) throw new ConflictError('CONFLICT', '该报名当前无法取消');
    await this.reminders.cancel(id);
    await this.needs.releaseSeat(cancelled.needId, cancelled.shiftId);
    return toView(cancelled);
  }

  /** One sign-up by id with plain ids, for modules acting on it (attendance). */
  async findEnrollment(id: string) {
    const e = await this.repository.findById(id);
    if (!e) return null;
    return {
      id: e._id, userId: e.userId.toHexString(), needId: e.needId.toHexString(), shiftId: e.shiftId.toHexString(),
      communityCode: e.communityCode, status: e.status, startsAt: e.startsAt, endsAt: e.endsAt,
    };
  }

  async listMine(actor: Actor): Promise<EnrollmentView[]> {
    return (await this.repository.listByUser(actor.userId, 100)).map(toView);
  }

  private async recordSignUp(id: string, actor: Actor, slot: Awaited<ReturnType<NeedsService['openShift']>>) {
    const fields = {
      _id: id,
      needId: slot.need._id,
      shiftId: slot.shift._id,
      userId: new Types.ObjectId(actor.userId),
      communityCode: slot.need.communityCode,
      needTitle: slot.need.title,
      startsAt: slot.shift.startsAt,
      endsAt: slot.shift.endsAt,
    };
    if (await this.repository.insert(fields)) return (await this.repository.findById(id))!;
    // A record exists: a cancelled sign-up comes back; a live one means a concurrent duplicate.
    const revived = await this.repository.transition(id, 'cancelled', 'enrolled', { startsAt: fields.startsAt, endsAt: fields.endsAt });
    if (!revived) throw new ConflictError('ALREADY_ENROLLED');
    return revived;
  }
}
