import { Types } from 'mongoose';
import { formatShanghai, type Actor, type EnrollmentView, type ShiftConfirmationsView } from '@tongxin/shared';
import { authorize } from '../access';
import { ConflictError, NotFoundError } from '../../platform/errors';
import { generationOf, type EnrollmentCancellation } from './enrollments.cancellation';
import type { Inbox, Notice } from './enrollments.notices';
import type { EnrollmentRecord, EnrollmentsRepository } from './enrollments.repository';
import { toEnrollmentView } from './enrollments.view';

export type ReleaseOutcome = 'released' | 'kept';

/**
 * The 24 h reminder asks the volunteer to confirm or decline with one tap. Declining is cancelling
 * (the place goes to the waitlist through the cancellation path); a volunteer who was asked and has
 * not confirmed by the cut-off is released the same way. Sign-ups never asked (made within 24 h of
 * the start, or the reminder switched off or held back by quiet hours) are never released.
 */
export class EnrollmentConfirmation {
  constructor(
    private readonly repository: EnrollmentsRepository,
    private readonly cancellation: EnrollmentCancellation,
    private readonly inbox: Inbox,
    private readonly shifts: { findShiftPlace(needId: string, shiftId: string): Promise<{ communityCode: string; startsAt: Date } | null> },
    /** Minutes before the start by which an asked volunteer must confirm. */
    private readonly cutoffMinutes: number,
    private readonly now: () => Date = () => new Date(),
  ) {}

  confirmBy(startsAt: Date): Date {
    return new Date(startsAt.getTime() - this.cutoffMinutes * 60_000);
  }

  async confirm(actor: Actor, id: string): Promise<EnrollmentView> {
    const enrollment = await this.ownEnrollment(actor, id);
    if (enrollment.status !== 'enrolled') throw new ConflictError('CONFLICT', '该报名当前无法确认');
    if (this.now() >= this.confirmBy(enrollment.startsAt)) throw new ConflictError('CONFIRMATION_CLOSED');
    if (enrollment.confirmedAt) return toEnrollmentView(enrollment);
    const confirmedAt = this.now();
    await this.repository.setConfirmation(id, 'confirmedAt', confirmedAt);
    return toEnrollmentView({ ...enrollment, confirmedAt });
  }

  /** One tap "I can't come": an ordinary cancellation by the volunteer. */
  async decline(actor: Actor, id: string): Promise<EnrollmentView> {
    await this.ownEnrollment(actor, id);
    return this.cancellation.cancel(actor, id);
  }

  /** The 24 h reminder reached the inbox: from now on, no answer by the cut-off releases the place. */
  async markAsked(id: string): Promise<void> {
    await this.repository.setConfirmation(id, 'confirmationAskedAt', this.now());
  }

  /** Runs at the cut-off (from the due index); `dueMs` tells a cut-off that moved with its shift. */
  async releaseIfUnconfirmed(id: string, dueMs: number): Promise<ReleaseOutcome> {
    const enrollment = await this.repository.findById(id);
    if (!enrollment || enrollment.status !== 'enrolled' || !enrollment.confirmationAskedAt || enrollment.confirmedAt) return 'kept';
    if (this.confirmBy(enrollment.startsAt).getTime() !== dueMs) return 'kept';
    // Exclusive with a cancellation by the volunteer or staff: one of them frees the place.
    if (!(await this.repository.once(`cancel:${generationOf(enrollment)}`))) return 'kept';
    const released = await this.repository.transition(id, 'enrolled', 'cancelled', { cancelledAt: this.now(), releasedUnconfirmed: true }, ['seat']);
    if (!released) return 'kept';
    await this.cancellation.freePlace(enrollment);
    await this.inbox.deliver(enrollment.userId.toHexString(), releasedNotice(enrollment));
    return 'released';
  }

  async listForShift(actor: Actor, needId: string, shiftId: string): Promise<ShiftConfirmationsView> {
    const place = await this.shifts.findShiftPlace(needId, shiftId);
    if (!place) throw new NotFoundError('班次不存在');
    authorize(actor, 'enrollment:view-confirmations', { communityCode: place.communityCode });
    const live = await this.repository.listLive({ shiftId: new Types.ObjectId(shiftId) });
    const enrolled = live.filter((e) => e.status === 'enrolled');
    return {
      confirmBy: this.confirmBy(place.startsAt).toISOString(),
      items: enrolled.map((e) => ({
        enrollmentId: e._id,
        volunteerId: e.userId.toHexString(),
        confirmation: e.confirmedAt ? 'confirmed' : e.confirmationAskedAt ? 'unconfirmed' : 'not-asked',
        confirmedAt: e.confirmedAt ? e.confirmedAt.toISOString() : null,
      })),
    };
  }

  private async ownEnrollment(actor: Actor, id: string): Promise<EnrollmentRecord> {
    const enrollment = await this.repository.findById(id);
    if (!enrollment) throw new NotFoundError('报名记录不存在');
    authorize(actor, 'enrollment:confirm', { ownerUserId: enrollment.userId.toHexString() });
    return enrollment;
  }
}

function releasedNotice(e: EnrollmentRecord): Notice {
  return {
    id: `enrollment-released:${generationOf(e)}`,
    kind: 'enrollment-cancelled',
    title: '报名已释放',
    urgent: true,
    body: `你报名的「${e.needTitle}」（${formatShanghai(e.startsAt)} 开始）未在截止时间前确认，名额已释放给候补志愿者。`,
    data: { enrollmentId: e._id, needId: e.needId.toHexString(), shiftId: e.shiftId.toHexString() },
  };
}
