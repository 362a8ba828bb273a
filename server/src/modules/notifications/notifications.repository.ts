import mongoose, { Types, type Connection, type Model } from 'mongoose';
import { insertOnce } from '../../platform/insert-once';
import { notificationModel, type NotificationRecord } from './notifications.model';

export type { NotificationRecord };

export function sortKeyOf(createdAt: Date, id: string): string {
  return `${String(createdAt.getTime()).padStart(15, '0')}|${id}`;
}

export class NotificationsRepository {
  private readonly notifications: Model<NotificationRecord>;

  constructor(connection: Connection) {
    this.notifications = notificationModel(connection);
  }

  /** False when a notification with this `_id` exists already: exclusive on every store. */
  async insert(notification: NotificationRecord): Promise<boolean> {
    return insertOnce(this.notifications, notification);
  }

  async findById(id: string): Promise<NotificationRecord | null> {
    return this.notifications.findById(id).lean<NotificationRecord>().exec();
  }

  /** Newest first, strictly after `afterSortKey` (exclusive) when given. */
  async listByUser(userId: string, afterSortKey: string | undefined, limit: number): Promise<NotificationRecord[]> {
    const query: Record<string, unknown> = { userId: new Types.ObjectId(userId) };
    if (afterSortKey) query.sortKey = mongoose.trusted({ $lt: afterSortKey });
    return this.notifications.find(query).sort({ sortKey: -1 }).limit(limit).lean<NotificationRecord[]>().exec();
  }

  async countUnread(userId: string): Promise<number> {
    return this.notifications.countDocuments({ userId: new Types.ObjectId(userId), readAt: null }).exec();
  }

  /** A plain update: marking read twice, or concurrently, leaves it read; the last instant wins. */
  async markRead(id: string, at: Date): Promise<void> {
    await this.notifications.updateOne({ _id: id, readAt: null }, { $set: { readAt: at } }).exec();
  }

  async markAllRead(userId: string, at: Date): Promise<void> {
    await this.notifications.updateMany({ userId: new Types.ObjectId(userId), readAt: null }, { $set: { readAt: at } }).exec();
  }
}
