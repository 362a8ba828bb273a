import { rooms } from '@tongxin/shared';
import type { DueIndex } from '../../platform/due-index';
import type { Notifier } from '../../platform/notifier';
import type { ReminderKind } from '../queues.registry';
import { reminderNotice, type Inbox } from './enrollments.notices';
import type { EnrollmentRecord, EnrollmentsRepository } from './enrollments.repository';

const REMINDER_LEAD_MS: Record<ReminderKind, number> = { '24h': 24 * 3_600_000, '2h': 2 * 3_600_000 };
const KINDS = Object.keys(REMINDER_LEAD_MS) as ReminderKind[];

/** The reminder's member in the due index: ids only, deterministic, so scheduling again moves it instead of adding one. */
export const reminderMember = (enrollmentId: string, kind: ReminderKind) => `${enrollmentId}|${kind}`;

function parseMember(member: string): { enrollmentId: string; kind: ReminderKind } | null {
  const [enrollmentId, kind] = member.split('|');
  return enrollmentId && (kind === '24h' || kind === '2h') ? { enrollmentId, kind } : null;
}

/**
 * Shift reminders 24 h and 2 h before start, kept in a due-time index (a sorted set, see DueIndex;
 * chosen by `npm run bench:reminders` over a delayed job per reminder). A reminder whose time has
 * passed is not scheduled late.
 */
export class ShiftReminders {
  constructor(
    private readonly index: DueIndex,
    private readonly now: () => Date = () => new Date(),
  ) {}

  /** Idempotent: the same sign-up scheduled twice holds one reminder of each kind. */
  async schedule(enrollment: Pick<EnrollmentRecord, '_id' | 'startsAt'>): Promise<void> {
    for (const kind of KINDS) {
      const due = enrollment.startsAt.getTime() - REMINDER_LEAD_MS[kind];
      if (due > this.now().getTime()) await this.index.put(reminderMember(enrollment._id, kind), due);
    }
  }

  async cancel(enrollmentId: string): Promise<void> {
    await this.index.remove(...KINDS.map((kind) => reminderMember(enrollmentId, kind)));
  }

  /** A moved shift moves its reminders (a `ZADD` of the same member); one whose new time has passed goes. */
  async reschedule(enrollment: Pick<EnrollmentRecord, '_id' | 'startsAt'>): Promise<void> {
    for (const kind of KINDS) {
      const member = reminderMember(enrollment._id, kind);
      const due = enrollment.startsAt.getTime() - REMINDER_LEAD_MS[kind];
      if (due > this.now().getTime()) await this.index.put(member, due);
      else await this.index.remove(member);
    }
  }

  /** When the reminder falls due, or null when none is scheduled (sent, cancelled or never due). */
  async scheduledAt(enrollmentId: string, kind: ReminderKind): Promise<Date | null> {
    return this.index.dueAt(reminderMember(enrollmentId, kind));
  }
}

export type ReminderOutcome = 'sent' | 'skipped' | 'already-sent' | 'deferred' | 'disabled';

/**
 * Stores one due reminder in the volunteer's inbox (which pushes `notification:created`), unless the
 * sign-up was cancelled or the shift began meanwhile. The inbox id makes a retried or duplicated
 * batch a no-op; the older `reminder:due` event follows only a fresh delivery, so it is not repeated.
 */
export function shiftReminderHandler(repository: EnrollmentsRepository, notifier: Notifier, inbox: Inbox, now = () => new Date()) {
  return async (member: string, dueMs: number): Promise<ReminderOutcome> => {
    const parsed = parseMember(member);
    // Not ours (never written by `reminderMember`): skipped rather than failing its whole batch.
    if (!parsed) return 'skipped';
    const { enrollmentId, kind } = parsed;
    const enrollment = await repository.findById(enrollmentId);
    // Removed (a test's or an admin's clean-up): nothing to remind, and retrying would not change that.
    if (!enrollment) return 'skipped';
    if (enrollment.status !== 'enrolled' || enrollment.startsAt <= now()) return 'skipped';
    // Drained for a start that has moved since: the index holds it again under the new time.
    if (enrollment.startsAt.getTime() - REMINDER_LEAD_MS[kind] !== dueMs) return 'skipped';
    const userId = enrollment.userId.toHexString();
    const outcome = await inbox.deliver(userId, reminderNotice(enrollment, kind));
    if (outcome === 'duplicate') return 'already-sent';
    if (outcome !== 'delivered') return outcome;
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
