/** Every queue by name with its payload type. Payloads carry ids, never personal data. */
export const QUEUE_NAMES = {
  shiftReminders: 'shift-reminders',
} as const;

export type ReminderKind = '24h' | '2h';

export interface ShiftReminderJob {
  enrollmentId: string;
  kind: ReminderKind;
}
