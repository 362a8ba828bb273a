import { Schema, type Connection, type Model, type Types } from 'mongoose';
import type { NotificationData, NotificationKind } from '@tongxin/shared';

export interface NotificationRecord {
  /** Chosen by the sender from the event's ids: the one insert that makes delivery happen once. */
  _id: string;
  userId: Types.ObjectId;
  kind: NotificationKind;
  title: string;
  body: string;
  data: NotificationData;
  createdAt: Date;
  /** Null while unread (stored, not absent, so `{ readAt: null }` means the same on every store). */
  readAt: Date | null;
  /** `<createdAt ms, 15 digits>|<_id>`: one string that orders the inbox and is the page cursor. */
  sortKey: string;
}

const notificationSchema = new Schema<NotificationRecord>(
  {
    _id: { type: String, required: true },
    userId: { type: Schema.Types.ObjectId, required: true },
    kind: { type: String, required: true },
    title: { type: String, required: true },
    body: { type: String, required: true },
    data: { type: Schema.Types.Mixed, required: true },
    createdAt: { type: Date, required: true },
    readAt: { type: Date, default: null },
    sortKey: { type: String, required: true },
  },
  { strict: 'throw', collection: 'notifications', versionKey: false, minimize: false },
);

// The inbox page (newest first) and the unread count; on FerretDB both are scans of the collection.
notificationSchema.index({ userId: 1, sortKey: -1 });
notificationSchema.index({ userId: 1, readAt: 1 });

export function notificationModel(connection: Connection): Model<NotificationRecord> {
  return (connection.models.Notification as Model<NotificationRecord> | undefined)
    ?? connection.model<NotificationRecord>('Notification', notificationSchema);
}
