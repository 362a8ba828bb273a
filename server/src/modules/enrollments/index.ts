import type { RequestHandler } from 'express';
import { RedisMutex } from '../../platform/redis-mutex';
import type { ModuleDeps } from '../module-deps';
import type { NeedsModule } from '../needs';
import { QUEUE_NAMES } from '../queues.registry';
import { ShiftReminders, shiftReminderProcessor } from './enrollments.jobs';
import { enrollmentNeedEvents } from './enrollments.need-events';
import { EnrollmentsRepository } from './enrollments.repository';
import { enrollmentsRouter } from './enrollments.routes';
import { EnrollmentCancellation } from './enrollments.cancellation';
import { EnrollmentsService, type EligibilityCheck } from './enrollments.service';

export type { EligibilityCheck, EnrollmentsService };

export function createEnrollmentsModule(
  deps: ModuleDeps, needs: Pick<NeedsModule, 'service' | 'events'>, authenticate: RequestHandler, eligibility: EligibilityCheck,
) {
  const repository = new EnrollmentsRepository(deps.connection);
  const reminders = new ShiftReminders(deps.queues);
  const volunteerLock = new RedisMutex(deps.redis, `${deps.config.REDIS_PREFIX}:lock:sign-up`);
  const service = new EnrollmentsService(repository, needs.service, reminders, volunteerLock, eligibility);
  const cancellation = new EnrollmentCancellation(
    repository, needs.service, reminders, deps.notifier, deps.config.ENROLLMENT_CANCEL_CUTOFF_MINUTES,
  );
  needs.events.subscribe(enrollmentNeedEvents(repository, cancellation, reminders, deps.notifier));
  return {
    service,
    router: enrollmentsRouter(service, cancellation, authenticate),
    startWorkers: () => {
      deps.queues.worker(QUEUE_NAMES.shiftReminders, shiftReminderProcessor(repository, deps.notifier));
    },
  };
}
