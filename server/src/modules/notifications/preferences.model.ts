import { Schema, type Connection, type Model } from 'mongoose';
import type { NotificationKind, QuietHours } from '@tongxin/shared';

/** One per user, keyed by the user id so every delivery reads it by `_id`; absent means defaults. */
export interface PreferencesRecord {
  _id: string;
  disabledKinds: NotificationKind[];
  quietHours: QuietHours;
  updatedAt: Date;
}

const preferencesSchema = new Schema<PreferencesRecord>(
  {
    _id: { type: String, required: true },
    disabledKinds: { type: [String], default: [] },
    quietHours: {
      enabled: { type: Boolean, required: true },
      start: { type: String, required: true },
      end: { type: String, required: true },
    },
    updatedAt: { type: Date, required: true },
  },
  { strict: 'throw', collection: 'notification_preferences', versionKey: false },
);

export function preferencesModel(connection: Connection): Model<PreferencesRecord> {
  return (connection.models.NotificationPreferences as Model<PreferencesRecord> | undefined)
    ?? connection.model<PreferencesRecord>('NotificationPreferences', preferencesSchema);
}
