import { Schema, type Connection, type Model } from 'mongoose';
import type { NotificationData, NotificationKind } from '@tongxin/shared';

/**
 * A notice held back (quiet hours, a later channel attempt) until its delivery job runs. It waits
 * here, in the store, so the job in Redis carries only ids. Keyed by the notification id: holding
 * the same notice twice keeps one.
 */
export interface OutboxRecord {
  _id: string;
  userId: string;
  kind: NotificationKind;
  title: string;
  body: string;
  data: NotificationData;
  createdAt: Date;
}

const outboxSchema = new Schema<OutboxRecord>(
  {
    _id: { type: String, required: true },
    userId: { type: String, required: true },
    kind: { type: String, required: true },
    title: { type: String, required: true },
    body: { type: String, required: true },
    data: { type: Schema.Types.Mixed, required: true },
    createdAt: { type: Date, required: true },
  },
  { strict: 'throw', collection: 'notification_outbox', versionKey: false, minimize: false },
);

export function outboxModel(connection: Connection): Model<OutboxRecord> {
  return (connection.models.NotificationOutbox as Model<OutboxRecord> | undefined)
    ?? connection.model<OutboxRecord>('NotificationOutbox', outboxSchema);
}
