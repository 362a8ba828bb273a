import {
  DEFAULT_QUIET_HOURS, NOTIFICATION_KINDS, type Actor, type NotificationKind, type NotificationPreferencesView,
  type QuietHours, type UpdateNotificationPreferencesInput,
} from '@tongxin/shared';
import type { Connection, Model } from 'mongoose';
import { isDuplicateKeyError } from '../../platform/errors';
import { preferencesModel, type PreferencesRecord } from './preferences.model';

export interface Preferences {
  disabledKinds: ReadonlySet<NotificationKind>;
  quietHours: QuietHours;
}

/** Per-user settings, read by `_id` on every delivery; saved with a plain update (the last writer wins). */
export class NotificationPreferences {
  private readonly model: Model<PreferencesRecord>;

  constructor(
    connection: Connection,
    /** For users who never chose (config DEFAULT_QUIET_HOURS). */
    private readonly defaultQuietHours: QuietHours = DEFAULT_QUIET_HOURS,
  ) {
    this.model = preferencesModel(connection);
  }

  async of(userId: string): Promise<Preferences> {
    const found = await this.model.findById(userId).lean<PreferencesRecord>().exec();
    return { disabledKinds: new Set(found?.disabledKinds ?? []), quietHours: found?.quietHours ?? this.defaultQuietHours };
  }

  async getMine(actor: Actor): Promise<NotificationPreferencesView> {
    return toView(await this.of(actor.userId));
  }

  async updateMine(actor: Actor, input: UpdateNotificationPreferencesInput): Promise<NotificationPreferencesView> {
    const current = await this.of(actor.userId);
    const disabled = new Set(current.disabledKinds);
    for (const [kind, on] of Object.entries(input.kinds ?? {}) as Array<[NotificationKind, boolean | undefined]>) {
      if (on === true) disabled.delete(kind);
      if (on === false) disabled.add(kind);
    }
    const next: Preferences = { disabledKinds: disabled, quietHours: input.quietHours ?? current.quietHours };
    const set = { $set: { disabledKinds: [...disabled].sort(), quietHours: next.quietHours, updatedAt: new Date() } };
    try {
      await this.model.updateOne({ _id: actor.userId }, set, { upsert: true }).exec();
    } catch (error) {
      // Two first saves at once: one upsert inserted, the other lost the `_id` race; update instead.
      if (!isDuplicateKeyError(error)) throw error;
      await this.model.updateOne({ _id: actor.userId }, set).exec();
    }
    return toView(next);
  }
}

function toView(preferences: Preferences): NotificationPreferencesView {
  const kinds = Object.fromEntries(NOTIFICATION_KINDS.map((k) => [k, !preferences.disabledKinds.has(k)])) as Record<NotificationKind, boolean>;
  return { kinds, quietHours: preferences.quietHours };
}

/** `HH:MM-HH:MM` or `off` (config DEFAULT_QUIET_HOURS) as quiet hours. */
export function parseDefaultQuietHours(value: string): QuietHours {
  if (value === 'off') return { ...DEFAULT_QUIET_HOURS, enabled: false };
  const [start, end] = value.split('-') as [string, string];
  return { enabled: true, start, end };
}
