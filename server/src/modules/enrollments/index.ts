import type { RequestHandler } from 'express';
import type { ModuleDeps } from '../module-deps';
import type { NeedsService } from '../needs';
import { QUEUE_NAMES } from '../queues.registry';
import { ShiftReminders, shiftReminderProcessor } from './enrollments.jobs';
import { EnrollmentsRepository } from './enrollments.repository';
import { enrollmentsRouter } from './enrollments.routes';
import { EnrollmentsService } from './enrollments.service';

export type { EnrollmentsService };

export function createEnrollmentsModule(deps: ModuleDeps, needs: NeedsService, authenticate: RequestHandler) {
  const repository = new EnrollmentsRepository(deps.connection);
  const service = new EnrollmentsService(repository, needs, new ShiftReminders(deps.queues));
  return {
    service,
    router: enrollmentsRouter(service, authenticate),
    startWorkers: () => {
      deps.queues.worker(QUEUE_NAMES.shiftReminders, shiftReminderProcessor(repository, deps.notifier));
    },
  };
}
