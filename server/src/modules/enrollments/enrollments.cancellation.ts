import { rooms, type Actor, type EnrollmentView } from '@tongxin/shared';
import { authorize } from '../access';
import { ConflictError, NotFoundError } from '../../platform/errors';
import type { Notifier } from '../../platform/notifier';
import type { NeedsService } from '../needs';
import type { ShiftReminders } from './enrollments.jobs';
import { promotedNotice, type Inbox } from './enrollments.notices';
import type { EnrollmentRecord, EnrollmentsRepository } from './enrollments.repository';
import { toEnrollmentView } from './enrollments.view';

/** A sign-up's generation: a cancelled sign-up that comes back is a new one. */
export const generationOf = (e: EnrollmentRecord) => `${e._id}@${e.createdAt.getTime()}`;

/** Cancelling a sign-up: late ones count against reliability; a freed place goes to the waitlist first. */
export class EnrollmentCancellation {
  constructor(
    private readonly repository: EnrollmentsRepository,
    private readonly needs: NeedsService,
    private readonly reminders: ShiftReminders,
    private readonly notifier: Notifier,
    private readonly inbox: Inbox,
    /** Minutes before the start after which a volunteer's cancellation is late. */
    private readonly cutoffMinutes: number,
    private readonly now: () => Date = () => new Date(),
  ) {}

  async cancel(actor: Actor, id: string): Promise<EnrollmentView> {
    const enrollment = await this.repository.findById(id);
    if (!enrollment) throw new NotFoundError('报名记录不存在');
    authorize(actor, 'enrollment:cancel', { ownerUserId: enrollment.userId.toHexString(), communityCode: enrollment.communityCode });
    if (enrollment.status !== 'enrolled' && enrollment.status !== 'waitlisted') throw new ConflictError('CONFLICT', '该报名当前无法取消');
    if (enrollment.startsAt <= this.now()) throw new ConflictError('SHIFT_STARTED', '班次已开始，无法取消');
    // Exclusive on any store: only one cancellation of this sign-up frees its place.
    if (!(await this.repository.once(`cancel:${generationOf(enrollment)}`))) throw new ConflictError('CONFLICT', '该报名已取消');

    const byVolunteer = enrollment.userId.toHexString() === actor.userId;
    const late = byVolunteer && enrollment.status === 'enrolled'
      && enrollment.startsAt.getTime() - this.now().getTime() < this.cutoffMinutes * 60_000;
    const cancelled = await this.repository.transition(id, enrollment.status, 'cancelled', {
      cancelledAt: this.now(), ...(late ? { lateCancellation: true } : {}),
    }, ['seat']);
    if (!cancelled) throw new ConflictError('CONFLICT', '该报名当前无法取消');
    if (enrollment.status === 'enrolled') await this.freePlace(enrollment, late);
    return toEnrollmentView(cancelled);
  }

  /** Releases a cancelled sign-up's place, counts a late cancellation, and offers the place to the waitlist. */
  async freePlace(enrollment: EnrollmentRecord, late = false): Promise<void> {
    await this.reminders.cancel(enrollment._id);
    if (late) await this.repository.recordReliability(enrollment.userId, 'late_cancellation', generationOf(enrollment));
    if (enrollment.seat !== undefined) await this.needs.releaseSeat(enrollment.needId, enrollment.shiftId, enrollment.seat, enrollment._id);
    await this.promoteWaitlisted(enrollment);
  }

  /**
   * The longest-waiting volunteer takes the freed place, if it is still free. The seat is claimed
   * first and the promotion marked second, so a volunteer is promoted once even when two places free
   * at the same moment (the second promoter gives its seat back and offers it to the next in line).
   */
  private async promoteWaitlisted(freed: EnrollmentRecord): Promise<void> {
    for (const skipped = new Set<string>(); ;) {
      const next = await this.repository.firstWaitlisted(freed.shiftId, [...skipped]);
      if (!next) return;
      const slot = await this.needs.openShift(next.needId.toHexString(), next.shiftId.toHexString()).catch(() => null);
      const seat = slot ? await this.needs.claimSeat(slot, next._id) : null;
      if (seat === null) return;
      // Reminders before the promotion, as for a sign-up (EnrollmentsService.enroll): a waitlisted
      // volunteer holding them is skipped at delivery, a promoted one without them is never reminded.
      await this.reminders.schedule(next).catch(async (error: unknown) => {
        await this.needs.releaseSeat(next.needId, next.shiftId, seat, next._id);
        throw error;
      });
      if (!(await this.repository.once(`promote:${generationOf(next)}`))) {
        await this.needs.releaseSeat(next.needId, next.shiftId, seat, next._id);
        skipped.add(next._id);
        continue;
      }
      const promoted = (await this.repository.transition(next._id, 'waitlisted', 'enrolled', { seat }))!;
      this.notifier.emit(rooms.user(promoted.userId.toHexString()), 'enrollment:promoted', {
        enrollmentId: promoted._id, needId: promoted.needId.toHexString(), needTitle: promoted.needTitle, startsAt: promoted.startsAt.toISOString(),
      });
      await this.inbox.deliver(promoted.userId.toHexString(), promotedNotice(promoted, generationOf(next)));
      return;
    }
  }
}
