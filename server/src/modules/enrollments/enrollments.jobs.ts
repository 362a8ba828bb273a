import type { Job } from 'bullmq';
import { rooms } from '@tongxin/shared';
import type { DueBatchJob, DueIndex } from '../../platform/due-index';
import type { Notifier } from '../../platform/notifier';
import type { ReminderKind } from '../queues.registry';
import { reminderNotice, type Inbox } from './enrollments.notices';
import type { EnrollmentRecord, EnrollmentsRepository } from './enrollments.repository';

/** What falls due for a sign-up: the two reminders, and the cut-off for confirming after the 24 h one. */
export type DueKind = ReminderKind | 'confirm-by';

const REMINDER_LEAD_MS: Record<ReminderKind, number> = { '24h': 24 * 3_600_000, '2h': 2 * 3_600_000 };

/** The member in the due index: ids only, deterministic, so scheduling again moves it instead of adding one. */
export const reminderMember = (enrollmentId: string, kind: DueKind) => `${enrollmentId}|${kind}`;

function parseMember(member: string): { enrollmentId: string; kind: DueKind } | null {
  const [enrollmentId, kind] = member.split('|');
  return enrollmentId && (kind === '24h' || kind === '2h' || kind === 'confirm-by') ? { enrollmentId, kind } : null;
}

/**
 * Shift reminders 24 h and 2 h before start, kept in a due-time index (a sorted set, see DueIndex;
 * chosen by `npm run bench:reminders` over a delayed job per reminder). A reminder whose time has
 * passed is not scheduled late.
 */
export class ShiftReminders {
  private readonly leadMs: Record<DueKind, number>;
  private readonly kinds: DueKind[];

  constructor(
    private readonly index: DueIndex,
    /** Minutes before the start by which a volunteer asked by the 24 h reminder must confirm. */
    confirmCutoffMinutes: number,
    private readonly now: () => Date = () => new Date(),
  ) {
    this.leadMs = { ...REMINDER_LEAD_MS, 'confirm-by': confirmCutoffMinutes * 60_000 };
    this.kinds = Object.keys(this.leadMs) as DueKind[];
  }

  /** When `kind` falls due for a shift starting at `startsAt`, ms. */
  dueMs(startsAt: Date, kind: DueKind): number {
    return startsAt.getTime() - this.leadMs[kind];
  }

  /** Idempotent: the same sign-up scheduled twice holds one reminder of each kind. */
  async schedule(enrollment: Pick<EnrollmentRecord, '_id' | 'startsAt'>): Promise<void> {
    for (const kind of this.kinds) {
      const due = this.dueMs(enrollment.startsAt, kind);
      if (due > this.now().getTime()) await this.index.put(reminderMember(enrollment._id, kind), due);
    }
  }

  async cancel(enrollmentId: string): Promise<void> {
    await this.index.remove(...this.kinds.map((kind) => reminderMember(enrollmentId, kind)));
  }

  /** A moved shift moves its reminders (a `ZADD` of the same member); one whose new time has passed goes. */
  async reschedule(enrollment: Pick<EnrollmentRecord, '_id' | 'startsAt'>): Promise<void> {
    for (const kind of this.kinds) {
      const member = reminderMember(enrollment._id, kind);
      const due = this.dueMs(enrollment.startsAt, kind);
      if (due > this.now().getTime()) await this.index.put(member, due);
      else await this.index.remove(member);
    }
  }

  /**
   * Puts back the reminders of every place on a shift starting within the longest lead. Sign-ups and
   * promotions schedule their reminders before they are stored, so this is the safety net for what
   * that cannot cover: a Redis restored from an older state, or an index cleared by hand. A reminder
   * put back after it was sent is sent to the inbox under the same id: a no-op there.
   */
  async repairUpcoming(enrollments: AsyncIterable<Pick<EnrollmentRecord, '_id' | 'startsAt'>>): Promise<{ enrollments: number }> {
    let count = 0;
    for await (const enrollment of enrollments) {
      await this.schedule(enrollment);
      count += 1;
    }
    return { enrollments: count };
  }

  /** How far ahead the repair must look: the longest lead of any reminder. */
  get horizonMs(): number {
    return Math.max(...Object.values(this.leadMs));
  }

  /** When the reminder falls due, or null when none is scheduled (sent, cancelled or never due). */
  async scheduledAt(enrollmentId: string, kind: DueKind): Promise<Date | null> {
    return this.index.dueAt(reminderMember(enrollmentId, kind));
  }
}

export type ReminderOutcome = 'sent' | 'skipped' | 'already-sent' | 'deferred' | 'disabled' | 'released' | 'kept';

/** What the handler needs of the confirmation use case (the cut-off, and recording that the 24 h reminder asked). */
export interface ConfirmationSteps {
  markAsked(enrollmentId: string): Promise<void>;
  releaseIfUnconfirmed(enrollmentId: string, dueMs: number): Promise<'released' | 'kept'>;
  confirmBy(startsAt: Date): Date;
}

/**
 * Stores one due reminder in the volunteer's inbox (which pushes `notification:created`), unless the
 * sign-up was cancelled or the shift began meanwhile. The inbox id makes a retried or duplicated
 * batch a no-op; the older `reminder:due` event follows only a fresh delivery, so it is not repeated.
 */
export function shiftReminderHandler(
  repository: EnrollmentsRepository, notifier: Notifier, inbox: Inbox, confirmation: ConfirmationSteps, now = () => new Date(),
) {
  return async (member: string, dueMs: number, job?: Pick<Job<DueBatchJob>, 'attemptsMade' | 'opts'>): Promise<ReminderOutcome> => {
    const parsed = parseMember(member);
    // Not ours (never written by `reminderMember`): skipped rather than failing its whole batch.
    if (!parsed) return 'skipped';
    const { enrollmentId, kind } = parsed;
    if (kind === 'confirm-by') return confirmation.releaseIfUnconfirmed(enrollmentId, dueMs);
    const enrollment = await repository.findById(enrollmentId);
    if (!enrollment) {
      // Reminders are scheduled before their sign-up is stored, so a reminder falling due moments
      // after the sign-up can run before a slow store holds it: the batch is retried (BullMQ's
      // backoff, about 30 s in all; delivered members are no-ops then). On the last attempt the
      // sign-up was refused or removed, and there is nothing to remind.
      if (job && job.attemptsMade + 1 < (job.opts.attempts ?? 1)) throw new Error(`sign-up ${enrollmentId} not stored yet`);
      return 'skipped';
    }
    if (enrollment.status !== 'enrolled' || enrollment.startsAt <= now()) return 'skipped';
    // Drained for a start that has moved since: the index holds it again under the new time.
    if (enrollment.startsAt.getTime() - REMINDER_LEAD_MS[kind] !== dueMs) return 'skipped';
    const userId = enrollment.userId.toHexString();
    const outcome = await inbox.deliver(userId, reminderNotice(enrollment, kind, confirmation.confirmBy(enrollment.startsAt)));
    if (outcome === 'duplicate') return 'already-sent';
    if (outcome !== 'delivered') return outcome;
    // Only a reminder that reached the inbox asks; one held back or switched off never costs the place.
    if (kind === '24h') await confirmation.markAsked(enrollment._id);
    notifier.emit(rooms.user(userId), 'reminder:due', {
      enrollmentId: enrollment._id,
      needId: enrollment.needId.toHexString(),
      shiftId: enrollment.shiftId.toHexString(),
      needTitle: enrollment.needTitle,
      startsAt: enrollment.startsAt.toISOString(),
      kind,
    });
    return 'sent';
  };
}
