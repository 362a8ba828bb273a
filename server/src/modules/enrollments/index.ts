import type { RequestHandler } from 'express';
import type { ModuleDeps } from '../module-deps';
import type { NeedsModule } from '../needs';
import { QUEUE_NAMES } from '../queues.registry';
import { ShiftReminders, shiftReminderProcessor } from './enrollments.jobs';
import { enrollmentNeedEvents } from './enrollments.need-events';
import { EnrollmentsRepository } from './enrollments.repository';
import { enrollmentsRouter } from './enrollments.routes';
import { EnrollmentsService } from './enrollments.service';

export type { EnrollmentsService };

export function createEnrollmentsModule(deps: ModuleDeps, needs: Pick<NeedsModule, 'service' | 'events'>, authenticate: RequestHandler) {
  const repository = new EnrollmentsRepository(deps.connection);
  const reminders = new ShiftReminders(deps.queues);
  const service = new EnrollmentsService(repository, needs.service, reminders);
  needs.events.subscribe(enrollmentNeedEvents(repository, reminders, deps.notifier));
  return {
    service,
    router: enrollmentsRouter(service, authenticate),
    startWorkers: () => {
      deps.queues.worker(QUEUE_NAMES.shiftReminders, shiftReminderProcessor(repository, deps.notifier));
    },
  };
}
