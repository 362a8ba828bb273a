import type { QueueFactory } from '../../platform/queues';
import { QUEUE_NAMES, type NotificationDeliveryJob } from '../queues.registry';

/** BullMQ job ids may not contain ':'; base64url keeps the notice id's uniqueness. */
const jobIdOf = (notificationId: string) => `notice_${Buffer.from(notificationId, 'utf8').toString('base64url')}`;

/** Holds a notice back as a delayed job; one per notice id, so deferring twice waits once. */
export class NoticeDeferrals {
  constructor(private readonly queues: QueueFactory) {}

  get queue() {
    return this.queues.queue<NotificationDeliveryJob>(QUEUE_NAMES.notificationDelivery);
  }

  async defer(job: NotificationDeliveryJob, delayMs: number): Promise<void> {
    await this.queue.add('deliver', job, { jobId: jobIdOf(job.notification.id), delay: delayMs });
  }
}
