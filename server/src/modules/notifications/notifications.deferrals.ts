import mongoose, { type Connection, type Model } from 'mongoose';
import { insertOnce } from '../../platform/insert-once';
import type { QueueFactory } from '../../platform/queues';
import { QUEUE_NAMES, type NotificationDeliveryJob } from '../queues.registry';
import { outboxModel, type OutboxRecord } from './outbox.model';

/** BullMQ job ids may not contain ':'; base64url keeps the notice id's uniqueness. */
export const noticeJobIdOf = (notificationId: string) => `notice_${Buffer.from(notificationId, 'utf8').toString('base64url')}`;

export type HeldNotice = Omit<OutboxRecord, 'createdAt'>;

/**
 * Holds a notice back: its text waits in the store's outbox, a delayed job carries its ids only (no
 * personal data sits in Redis). One per notice id, so deferring twice waits once.
 */
export class NoticeDeferrals {
  private readonly outbox: Model<OutboxRecord>;

  constructor(private readonly queues: QueueFactory, connection: Connection) {
    this.outbox = outboxModel(connection);
  }

  get queue() {
    return this.queues.queue<NotificationDeliveryJob>(QUEUE_NAMES.notificationDelivery);
  }

  async defer(notice: HeldNotice, delayMs: number): Promise<void> {
    await insertOnce(this.outbox, { ...notice, createdAt: new Date() });
    await this.queue.add('deliver', { userId: notice.userId, notificationId: notice._id }, { jobId: noticeJobIdOf(notice._id), delay: delayMs });
  }

  async held(notificationId: string): Promise<HeldNotice | null> {
    return this.outbox.findById(notificationId).lean<OutboxRecord>().exec();
  }

  /**
   * Held notices older than any quiet window whose job is gone (removed by an admin, or Redis lost
   * without persistence): nothing will deliver them, so their text should not stay.
   */
  async purgeOrphans(olderThan: Date): Promise<number> {
    const old = await this.outbox.find({ createdAt: mongoose.trusted({ $lt: olderThan }) }).select({ _id: 1 }).lean<Array<{ _id: string }>>().exec();
    let purged = 0;
    for (const { _id } of old) {
      if (await this.queue.getJob(noticeJobIdOf(_id))) continue;
      await this.release(_id);
      purged += 1;
    }
    return purged;
  }

  /** Delivered (or dropped): the text leaves the outbox; the inbox holds it from now on. */
  async release(notificationId: string): Promise<void> {
    await this.outbox.deleteOne({ _id: notificationId }).exec();
  }
}
