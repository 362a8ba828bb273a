import type { RequestHandler } from 'express';
import type { ModuleDeps } from '../module-deps';
import { QUEUE_NAMES, type NotificationDeliveryJob } from '../queues.registry';
import { NoticeDeferrals } from './notifications.deferrals';
import { NotificationPreferences } from './notifications.preferences';
import { NotificationsRepository } from './notifications.repository';
import { notificationsRouter } from './notifications.routes';
import {
  NotificationsService, type DeliveryOutcome, type NewNotification, type NotificationsOptions,
} from './notifications.service';

export type { DeliveryOutcome, NewNotification, NotificationsOptions, NotificationsService };

/** The in-app inbox: `service.deliver` for other modules (through runtime.ts), routes under /api/v1/me. */
export function createNotificationsModule(deps: ModuleDeps, authenticate: RequestHandler, options: NotificationsOptions = {}) {
  const preferences = new NotificationPreferences(deps.connection);
  const service = new NotificationsService({
    repository: new NotificationsRepository(deps.connection),
    preferences,
    deferrals: new NoticeDeferrals(deps.queues, deps.connection),
    notifier: deps.notifier,
  }, options);
  return {
    service,
    router: notificationsRouter(service, preferences, authenticate),
    /** Delivers notices held back by quiet hours when they end. */
    startWorkers: () => {
      deps.queues.worker<NotificationDeliveryJob>(QUEUE_NAMES.notificationDelivery, (job) =>
        service.deliverDeferred(job.data.userId, job.data.notificationId));
    },
  };
}
