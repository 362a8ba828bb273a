import { z } from './zod';

/** What a notification is about; preferences and client rendering key on it. */
export type NotificationKind = 'shift-reminder' | 'enrollment-cancelled' | 'enrollment-promoted' | 'shift-moved' | 'welfare-alert' | 'shift-invitation'
  | 'donation-thanks'
  /** A refund reached its end at WeChat Pay (returned, closed, or stuck at the bank): to the donor / to the organizer who asked for it. */
  | 'refund-result' | 'refund-handling'
  /** To a donor: the organization declined a receipt request (with its reason). */
  | 'receipt-declined'
  /** A donor's window to request a donation receipt closes within a week; the receipt was issued. */
  | 'receipt-window-closing' | 'receipt-issued'
  /** A campaign the user follows or gave to ends within a day / has ended. */
  | 'campaign-ending-soon' | 'campaign-ended'
  /** To a campaign's organizer: a disclosure (进展或结项公示) is due within a week. */
  | 'disclosure-due'
  /** A meal booking's cut-off or serving is near (to the relative or staff who booked). */
  | 'meal-reminder'
  /** Meal delivery tasks: offers and reminders to volunteers, unclaimed or undelivered tasks to the point's operators. */
  | 'delivery-task'
  /** A statistics gap (needs unfilled, a meal full, a disclosure overdue) raised to the responsible admins. */
  | 'gap-alert'
  /** To whoever posted a need: a shift has ended and its volunteers' hours wait for verification. */
  | 'hours-verification';

/** Ids only (enrollment, need, shift), never personal data; the client fetches details it needs. */
export type NotificationData = Record<string, string>;

/** One entry of a user's inbox. Instants are UTC ISO strings; `readAt` is null while unread. */
export interface NotificationView {
  /** Deterministic, chosen by the sender (`reminder:<enrollmentId>:2h@…`): the same event is stored once. */
  id: string;
  kind: NotificationKind;
  /** Chinese, fit to show as is. */
  title: string;
  body: string;
  data: NotificationData;
  createdAt: string;
  readAt: string | null;
}

/** One page of the inbox, newest first, with the user's unread total across all pages. */
export interface NotificationPage {
  items: NotificationView[];
  nextCursor: string | null;
  unreadCount: number;
}

/** A notification id as senders build them: `<kind-ish prefix>:<ids, @, :, ->`. */
export const notificationIdSchema = z.string().regex(/^[a-z-]+:[A-Za-z0-9:@_.-]{1,160}$/, '通知编号格式不正确');

export const notificationParamsSchema = z.strictObject({ id: notificationIdSchema });

export const listNotificationsQuerySchema = z.strictObject({
  /** Opaque; the `nextCursor` of the previous page. */
  cursor: z.string().regex(/^[A-Za-z0-9_-]{1,300}$/, '分页游标不正确').optional(),
  limit: z.coerce.number().int('每页条数必须是整数').min(1, '每页至少 1 条').max(100, '每页最多 100 条').default(20),
});

export type ListNotificationsQuery = z.infer<typeof listNotificationsQuerySchema>;

/** After marking one or all read: the unread total now. */
export interface UnreadCountView {
  unreadCount: number;
}

export const NOTIFICATION_KINDS = [
  'shift-reminder', 'enrollment-cancelled', 'enrollment-promoted', 'shift-moved', 'welfare-alert', 'shift-invitation', 'donation-thanks', 'refund-result', 'refund-handling', 'receipt-window-closing', 'receipt-issued', 'receipt-declined', 'campaign-ending-soon', 'campaign-ended', 'disclosure-due', 'meal-reminder',
  'delivery-task', 'gap-alert', 'hours-verification',
] as const satisfies readonly NotificationKind[];

/** "HH:MM", 24-hour, Asia/Shanghai wall-clock time. */
export const clockTimeSchema = z.string().regex(/^([01]\d|2[0-3]):[0-5]\d$/, '时间格式应为 HH:MM');

/** A window of Asia/Shanghai wall-clock time in which non-urgent notices wait; it may wrap past midnight. */
export const quietHoursSchema = z.strictObject({
  enabled: z.boolean(),
  start: clockTimeSchema,
  end: clockTimeSchema,
}).refine((q) => q.start !== q.end, { message: '开始和结束时间不能相同', path: ['end'] });

export type QuietHours = z.infer<typeof quietHoursSchema>;

/** 22:00–08:00 Asia/Shanghai, on. */
export const DEFAULT_QUIET_HOURS: QuietHours = { enabled: true, start: '22:00', end: '08:00' };

/** A user's in-app notification settings: kinds switched off, and quiet hours. */
export interface NotificationPreferencesView {
  /** Every kind, true when the user receives it. */
  kinds: Record<NotificationKind, boolean>;
  quietHours: QuietHours;
}

/** Both parts optional: only what is sent changes. */
export const updateNotificationPreferencesSchema = z.strictObject({
  kinds: z.strictObject(Object.fromEntries(NOTIFICATION_KINDS.map((k) => [k, z.boolean().optional()])) as Record<NotificationKind, z.ZodOptional<z.ZodBoolean>>).optional(),
  quietHours: quietHoursSchema.optional(),
});

export type UpdateNotificationPreferencesInput = z.infer<typeof updateNotificationPreferencesSchema>;

/** A WeChat subscribe-message template id as the mini-program console shows it. */
const templateIdSchema = z.string().regex(/^[A-Za-z0-9_-]{1,64}$/, '模板编号格式不正确');

/**
 * What `wx.requestSubscribeMessage` answered, per template id. `requestId` (a UUID the client makes
 * once per prompt) makes a retried request count once.
 */
export const recordSubscriptionsSchema = z.strictObject({
  requestId: z.uuid('请求编号格式不正确'),
  results: z.record(templateIdSchema, z.enum(['accept', 'reject', 'ban', 'filter'], '订阅结果不正确'))
    .refine((r) => Object.keys(r).length >= 1 && Object.keys(r).length <= 20, '每次记录 1 至 20 个模板'),
});

export type RecordSubscriptionsInput = z.infer<typeof recordSubscriptionsSchema>;

/** The templates the client may ask the user to subscribe to, with the opt-ins the server counts. */
export interface SubscriptionsView {
  templates: Array<{
    kind: NotificationKind;
    templateId: string;
    /** Long-term templates need one consent, ever; no count is kept. */
    longTerm: boolean;
    /** One-time opt-ins left (each allows one message); null for long-term templates. */
    remaining: number | null;
  }>;
}
