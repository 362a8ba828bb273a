import { UnrecoverableError, type Job } from 'bullmq';
import { rooms } from '@tongxin/shared';
import type { Notifier } from '../../platform/notifier';
import type { QueueFactory } from '../../platform/queues';
import { QUEUE_NAMES, type ReminderKind, type ShiftReminderJob } from '../queues.registry';
import { reminderNotice, type Inbox } from './enrollments.notices';
import type { EnrollmentRecord, EnrollmentsRepository } from './enrollments.repository';

const REMINDER_LEAD_MS: Record<ReminderKind, number> = { '24h': 24 * 3_600_000, '2h': 2 * 3_600_000 };

/** Deterministic, so re-scheduling is a no-op and cancelling knows what to remove. */
function reminderJobId(enrollmentId: string, kind: ReminderKind): string {
  return `reminder_${enrollmentId.replace(':', '_')}_${kind}`;
}

/** Shift reminders 24 h and 2 h before start; a reminder whose time has passed is not sent late. */
export class ShiftReminders {
  constructor(
    private readonly queues: QueueFactory,
    private readonly now: () => Date = () => new Date(),
  ) {}

  private get queue() {
    return this.queues.queue<ShiftReminderJob>(QUEUE_NAMES.shiftReminders);
  }

  async schedule(enrollment: Pick<EnrollmentRecord, '_id' | 'startsAt'>): Promise<void> {
    for (const kind of Object.keys(REMINDER_LEAD_MS) as ReminderKind[]) {
      const delay = enrollment.startsAt.getTime() - REMINDER_LEAD_MS[kind] - this.now().getTime();
      if (delay <= 0) continue;
      await this.queue.add('shift-reminder', { enrollmentId: enrollment._id, kind }, { jobId: reminderJobId(enrollment._id, kind), delay });
    }
  }

  async cancel(enrollmentId: string): Promise<void> {
    for (const kind of Object.keys(REMINDER_LEAD_MS) as ReminderKind[]) {
      await this.queue.remove(reminderJobId(enrollmentId, kind));
    }
  }

  /** A moved shift moves its reminders: the old delayed jobs go, new ones take their ids. */
  async reschedule(enrollment: Pick<EnrollmentRecord, '_id' | 'startsAt'>): Promise<void> {
    await this.cancel(enrollment._id);
    await this.schedule(enrollment);
  }
}

/**
 * Stores a due reminder in the volunteer's inbox (which pushes `notification:created`), unless the
 * sign-up was cancelled meanwhile. The inbox id makes a retried or duplicated job a no-op; the
 * older `reminder:due` event follows only a fresh delivery, so it is not repeated either.
 */
export function shiftReminderProcessor(repository: EnrollmentsRepository, notifier: Notifier, inbox: Inbox) {
  return async (job: Job<ShiftReminderJob>): Promise<'sent' | 'skipped' | 'already-sent' | 'deferred' | 'disabled'> => {
    const enrollment = await repository.findById(job.data.enrollmentId);
    if (!enrollment) throw new UnrecoverableError(`enrollment ${job.data.enrollmentId} does not exist`);
    if (enrollment.status !== 'enrolled') return 'skipped';
    const userId = enrollment.userId.toHexString();
    const outcome = await inbox.deliver(userId, reminderNotice(enrollment, job.data.kind));
    if (outcome === 'duplicate') return 'already-sent';
    if (outcome !== 'delivered') return outcome;
    notifier.emit(rooms.user(userId), 'reminder:due', {
      enrollmentId: enrollment._id,
      needId: enrollment.needId.toHexString(),
      shiftId: enrollment.shiftId.toHexString(),
      needTitle: enrollment.needTitle,
      startsAt: enrollment.startsAt.toISOString(),
      kind: job.data.kind,
    });
    return 'sent';
  };
}
