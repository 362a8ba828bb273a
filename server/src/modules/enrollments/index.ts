import { Router, type RequestHandler } from 'express';
import { RedisMutex } from '../../platform/redis-mutex';
import type { ModuleDeps } from '../module-deps';
import type { NeedsModule } from '../needs';
import type { DueIndex } from '../../platform/due-index';
import { ShiftReminders, shiftReminderHandler } from './enrollments.jobs';
import { enrollmentNeedEvents } from './enrollments.need-events';
import type { Inbox } from './enrollments.notices';
import { EnrollmentsRepository } from './enrollments.repository';
import { enrollmentsRouter } from './enrollments.routes';
import { EnrollmentCancellation } from './enrollments.cancellation';
import { EnrollmentConfirmation } from './enrollments.confirmation';
import { confirmationRouter } from './enrollments.confirmation.routes';
import { NoShowReversal, noShowRouter } from './enrollments.no-show';
import { EnrollmentsService, type EligibilityCheck } from './enrollments.service';
import type { EnrollmentChange, EnrollmentObserver } from './enrollments.observers';
import { VolunteerSchedule } from './volunteer-schedule';

export type { EligibilityCheck, EnrollmentsService, Inbox };
export type { EnrollmentChange, EnrollmentObserver } from './enrollments.observers';
export type { ReliabilityFactKind } from './reliability.model';

export function createEnrollmentsModule(
  deps: ModuleDeps, needs: Pick<NeedsModule, 'service' | 'events'>, authenticate: RequestHandler, eligibility: EligibilityCheck,
  inbox: Inbox,
  /** The notifications module's due-time index; shift reminders are its untagged members, and this module runs its drain. */
  reminderIndex: DueIndex,
) {
  const repository = new EnrollmentsRepository(deps.connection);
  const reminders = new ShiftReminders(reminderIndex, deps.config.ENROLLMENT_CONFIRM_CUTOFF_MINUTES);
  const volunteerLock = new RedisMutex(deps.redis, `${deps.config.REDIS_PREFIX}:lock:sign-up`);
  const schedule = new VolunteerSchedule(deps.connection, repository);
  const service = new EnrollmentsService(repository, needs.service, reminders, volunteerLock, schedule, eligibility, deps.events);
  const cancellation = new EnrollmentCancellation(
    repository, needs.service, reminders, deps.notifier, inbox, deps.config.ENROLLMENT_CANCEL_CUTOFF_MINUTES,
  );
  const confirmation = new EnrollmentConfirmation(
    repository, cancellation, inbox, needs.service, deps.config.ENROLLMENT_CONFIRM_CUTOFF_MINUTES,
  );
  needs.events.subscribe(enrollmentNeedEvents(repository, cancellation, reminders, deps.notifier, inbox, schedule));
  const noShows = new NoShowReversal(repository);
  return {
    service,
    noShows,
    /** What matching reads and hears of sign-ups (see EnrollmentObserver). */
    matchingFeed: {
      observe: (observer: EnrollmentObserver) => repository.observers.add(observer),
      /** Sign-ups starting at or after `from`, any status (a scan on FerretDB; start-up only). */
      async *startingFrom(from: Date): AsyncGenerator<EnrollmentChange> {
        for await (const e of repository.streamStartingFrom(from)) {
          yield { enrollmentId: e._id, userId: e.userId.toHexString(), shiftId: e.shiftId.toHexString(), status: e.status, startsAt: e.startsAt, endsAt: e.endsAt };
        }
      },
      async *reliabilityFacts(): AsyncGenerator<{ userId: string; kind: string; id: string }> {
        for await (const f of repository.streamReliabilityFacts()) yield { userId: f.userId.toHexString(), kind: f.kind, id: f._id };
      },
      reliabilityOf: (userId: string) => noShows.reliabilityOf(userId),
    },
    reminders,
    /** For the repeatable repair job: reminders of upcoming places put back (see ShiftReminders.repairUpcoming). */
    repairReminders: (now = new Date()) =>
      reminders.repairUpcoming(repository.streamEnrolledStarting(now, new Date(now.getTime() + reminders.horizonMs))),
    confirmation,
    router: Router().use(
      enrollmentsRouter(service, cancellation, authenticate), noShowRouter(noShows, authenticate), confirmationRouter(confirmation, authenticate),
    ),
    startWorkers: async () => {
      reminderIndex.deliveryWorker(shiftReminderHandler(repository, deps.notifier, inbox, confirmation));
      await reminderIndex.startDrain();
    },
  };
}

export type EnrollmentsModule = ReturnType<typeof createEnrollmentsModule>;
