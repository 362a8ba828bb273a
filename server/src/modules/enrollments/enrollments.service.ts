import { Types } from 'mongoose';
import type { Actor, CreateEnrollmentInput, Eligibility, EnrollmentView, NeedCategory, SkillCode } from '@tongxin/shared';
import { authorize } from '../access';
import { AppError, ConflictError } from '../../platform/errors';
import type { RedisMutex } from '../../platform/redis-mutex';
import type { DomainEventBus } from '../domain-events';
import type { NeedsService, ShiftSlot } from '../needs';
import type { ShiftReminders } from './enrollments.jobs';
import { enrollmentId } from './enrollments.model';
import type { EnrollmentRecord, EnrollmentsRepository } from './enrollments.repository';
import { generationOf } from './enrollments.cancellation';
import { toEnrollmentView } from './enrollments.view';
import type { VolunteerSchedule } from './volunteer-schedule';

/** May this volunteer take this shift (real-name profile, age and skill rules)? Answered by the volunteers module. */
export type EligibilityCheck = (
  userId: string, shift: { category: NeedCategory; requiredSkills: readonly SkillCode[]; startsAt: Date },
) => Promise<Eligibility>;

function toEnrolledShift(e: EnrollmentRecord) {
  return {
    id: e._id, userId: e.userId.toHexString(), needId: e.needId.toHexString(), shiftId: e.shiftId.toHexString(),
    communityCode: e.communityCode, status: e.status, startsAt: e.startsAt, endsAt: e.endsAt,
  };
}

export class EnrollmentsService {
  constructor(
    private readonly repository: EnrollmentsRepository,
    private readonly needs: NeedsService,
    private readonly reminders: ShiftReminders,
    /** Serializes one volunteer's own sign-ups, so two overlapping shifts cannot both be taken at once. */
    private readonly volunteerLock: RedisMutex,
    private readonly schedule: VolunteerSchedule,
    private readonly eligibility: EligibilityCheck,
    private readonly events: DomainEventBus,
  ) {}

  /**
   * Seat first, reminders second, record last: a crash in between leaves a seat unused (under-booking,
   * repaired by reconciliation) or a reminder with no sign-up (skipped), never more sign-ups than
   * places nor a sign-up without reminders. A full shift answers SHIFT_FULL, or puts the
   * volunteer on its waitlist when they asked for that.
   */
  async enroll(actor: Actor, needId: string, shiftId: string, input: CreateEnrollmentInput): Promise<EnrollmentView> {
    authorize(actor, 'enrollment:create');
    const slot = await this.needs.openShift(needId, shiftId);
    const verdict = await this.eligibility(actor.userId, { ...slot.need, startsAt: slot.shift.startsAt });
    if (!verdict.eligible) throw new AppError(verdict.code, verdict.reason);
    const id = enrollmentId(shiftId, actor.userId);
    const existing = await this.repository.findById(id);
    if (existing && existing.status !== 'cancelled') throw new ConflictError('ALREADY_ENROLLED');
    // A full shift is refused from the live count before any store scan (the claim below still decides).
    if (!input.waitlist && await this.needs.isFull(slot)) throw new ConflictError('SHIFT_FULL');

    const locked = await this.volunteerLock.run(actor.userId, async () => {
      const overlapping = await this.schedule.reserve({
        _id: id, userId: new Types.ObjectId(actor.userId), startsAt: slot.shift.startsAt, endsAt: slot.shift.endsAt,
      });
      if (overlapping) throw new ConflictError('SHIFT_OVERLAP', `与「${overlapping.needTitle}」时间冲突`);
      const seat = await this.needs.claimSeat(slot, id);
      if (seat === null) {
        if (!input.waitlist) throw new ConflictError('SHIFT_FULL');
        return this.recordSignUp(id, actor, slot, { status: 'waitlisted' });
      }
      const giveBackSeat = async (error: unknown): Promise<never> => {
        await this.needs.releaseSeat(slot.need._id, slot.shift._id, seat, id);
        throw error;
      };
      // Reminders before the record: a sign-up that is stored always has them, and one whose
      // reminders could not be scheduled (Redis away) is refused whole. A reminder whose record
      // never lands is skipped at delivery, and a duplicate sign-up's ZADD is a no-op.
      await this.reminders.schedule({ _id: id, startsAt: slot.shift.startsAt }).catch(giveBackSeat);
      return this.recordSignUp(id, actor, slot, { status: 'enrolled', seat }).catch(giveBackSeat);
    });
    if (!locked) throw new AppError('SIGN_UP_BUSY');
    const enrollment = locked.value;
    if (enrollment.status === 'enrolled') {
      await this.events.publish('enrollment:created', { enrollmentId: id, userId: actor.userId, communityCode: enrollment.communityCode, at: enrollment.createdAt });
    }
    return toEnrollmentView(enrollment);
  }

  /** One sign-up by id with plain ids, for modules acting on it (attendance). */
  async findEnrollment(id: string) {
    const e = await this.repository.findById(id);
    return e ? toEnrolledShift(e) : null;
  }

  /** Communities whose needs the volunteer holds live sign-ups in (recent ones), for staff access to their profile. */
  async enrolledCommunities(userId: string): Promise<string[]> {
    const live = (await this.repository.listByUser(userId, 100)).filter((e) => e.status !== 'cancelled');
    return [...new Set(live.map((e) => e.communityCode))];
  }

  /** Sign-ups still enrolled on a shift, in the shape `findEnrollment` gives. */
  async listEnrolledOnShift(shiftId: string) {
    const live = await this.repository.listLive({ shiftId: new Types.ObjectId(shiftId) });
    return live.filter((e) => e.status === 'enrolled').map(toEnrolledShift);
  }

  /** After a shift, a volunteer who never checked in: once per sign-up, counted against reliability. */
  async markNoShow(id: string): Promise<void> {
    const enrollment = await this.repository.findById(id);
    if (!enrollment || enrollment.status !== 'enrolled') return;
    if (!(await this.repository.once(`no-show:${generationOf(enrollment)}`))) return;
    await this.repository.transition(id, 'enrolled', 'no_show');
    await this.repository.recordReliability(enrollment.userId, 'no_show', generationOf(enrollment));
  }

  async markAttended(id: string): Promise<void> {
    const enrollment = await this.repository.findById(id);
    if (enrollment?.status === 'enrolled') await this.repository.recordReliability(enrollment.userId, 'completed', generationOf(enrollment));
  }

  async listMine(actor: Actor): Promise<EnrollmentView[]> {
    return (await this.repository.listByUser(actor.userId, 100)).map(toEnrollmentView);
  }

  private async recordSignUp(
    id: string, actor: Actor, slot: ShiftSlot, place: { status: 'enrolled'; seat: number } | { status: 'waitlisted' },
  ): Promise<EnrollmentRecord> {
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
    if (await this.repository.insert({ ...fields, ...place })) return (await this.repository.findById(id))!;
    // A record exists: a cancelled sign-up comes back (a new generation, by createdAt); a live one
    // means a concurrent duplicate. The volunteer lock keeps the volunteer's own attempts apart.
    // Nothing of the earlier generation carries over: a confirmation given then does not confirm this one.
    const revived = await this.repository.transition(id, 'cancelled', place.status, {
      ...place, startsAt: fields.startsAt, endsAt: fields.endsAt, createdAt: new Date(), lateCancellation: false,
    }, ['cancelledAt', 'confirmationAskedAt', 'confirmedAt', 'releasedUnconfirmed', ...(place.status === 'waitlisted' ? ['seat' as const] : [])]);
    if (!revived) throw new ConflictError('ALREADY_ENROLLED');
    return revived;
  }
}
