import type { DueBatchJob } from '../platform/due-index';

/** Every queue by name with its payload type. Payloads carry ids, never personal data. */
export const QUEUE_NAMES = {
  /** Batches of due shift reminders fanned out by the reminder index's drain. */
  shiftReminders: 'shift-reminders',
  /** The repeatable drain of the shift-reminder index (a BullMQ job scheduler). */
  shiftReminderDrain: 'shift-reminder-drain',
  shiftClose: 'shift-close',
  tallyReconcile: 'tally-reconcile',
  notificationDelivery: 'notification-delivery',
  /** One Shanghai day's statistics roll-up; nightly by a job scheduler, or on demand for a date. */
  statsRollup: 'stats-rollup',
  /** One background statistics export (CSV written into the store in chunks). */
  statsExports: 'stats-exports',
  /** One delayed check per meal booking, after serving ends: missed meals and welfare alerts (关爱). */
  mealMissedCheck: 'meal-missed-check',
  /** A stored notification sent on as a WeChat subscribe message (rate-limited by WeChat's quota). */
  notifyWechat: 'notify-wechat',
  /** A stored notification sent on as a text message (rate-limited; urgent kinds without WeChat). */
  notifySms: 'notify-sms',
  /** The next wave of invitations to a shift, after the wave delay, unless it has filled. */
  invitationWaves: 'invitation-waves',
  /** A campaign's deadlines: ending-soon notice, end when its period is over or its goal reached, ended notice. */
  campaignDeadlines: 'campaign-deadlines',
  /** Meal delivery tasks: formed at a meal's booking cut-off, checked at their window's start (unclaimed) and end (undelivered). */
  mealDeliveryTasks: 'meal-delivery-tasks',
  /** Disclosure deadlines: the organizer's reminder a week before, the overdue flag at the deadline. */
  campaignDisclosures: 'campaign-disclosures',
  /** One thank-you notice per paid donation, sent after the burst path (never on it). */
  donationThanks: 'donation-thanks',
  /** One delayed poll of a refund's result at the payment provider, for results whose notification was lost. */
  refundPolls: 'refund-polls',
} as const;

/** Ids only: form a meal's delivery tasks, or check one task. */
export type MealDeliveryTaskJob =
  | { step: 'form'; pointId: string; date: string; meal: string }
  | { step: 'unclaimed' | 'overdue'; taskId: string };

export interface MealMissedCheckJob {
  bookingId: string;
}

/** `date` (YYYY-MM-DD, Shanghai) to roll up; absent: yesterday. */
export interface StatsRollupJob {
  date?: string;
}

/** The export to run; what it covers and for whom is in its `stats_exports` record. */
export interface StatsExportJob {
  exportId: string;
}

export type ReminderKind = '24h' | '2h';

/** Due reminders by index member `<enrollmentId>|<kind>` (see ShiftReminders): ids only. */
export type ShiftReminderJob = DueBatchJob;

/** Repeatable (job scheduler): checks every campaign's totals against the donation ledger. No payload. */
export type TallyReconcileJob = Record<string, never>;

/** Runs once after a shift ends (plus the check-out grace): closes forgotten check-outs, marks no-shows. */
export interface ShiftCloseJob {
  needId: string;
  shiftId: string;
}

/**
 * A non-urgent notice held back by the user's quiet hours, delivered when they end. Ids only: the
 * notice's text waits in the store's `notification_outbox` under `notificationId`.
 */
export interface NotificationDeliveryJob {
  userId: string;
  notificationId: string;
}

/** A stored inbox entry to send on through an outside channel; its text is read from the inbox by id. */
export interface ChannelDeliveryJob {
  userId: string;
  notificationId: string;
  /** Time-critical: worth a text message when WeChat cannot carry it. */
  urgent: boolean;
}

/** Invite wave `wave` of a shift (ids only). */
export interface InvitationWaveJob {
  needId: string;
  shiftId: string;
  wave: number;
}

/** Ask the provider where refund `refundId` (`<donationId>:refund:<n>`) stands; the `attempt`-th poll, from 0. */
export interface RefundPollJob {
  refundId: string;
  attempt: number;
}

/** Thank the donor of a paid donation (ids only; the text is built from the receipt). */
export interface DonationThanksJob {
  donationId: string;
}

/**
 * `end`: the period is over (runs at `endsAtMs`); `goal`: the goal was reached; `ending-soon`: a day
 * before `endsAtMs`; `ended`: tell followers and donors. A job whose `endsAtMs` no longer matches the
 * campaign (it was extended) does nothing.
 */
export interface CampaignDeadlineJob {
  campaignId: string;
  kind: 'end' | 'goal' | 'ending-soon' | 'ended';
  endsAtMs?: number;
}

/** A campaign's disclosure deadline `dueAtMs`: `reminder` a week before, `check` at it; stale when the deadline moved. */
export interface CampaignDisclosureJob {
  campaignId: string;
  kind: 'reminder' | 'check';
  dueAtMs: number;
}
