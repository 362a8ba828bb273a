import { JobSchedulers } from './platform/job-schedulers';
import type { QueueFactory } from './platform/queues';

/** What the repeatable tasks call; each module exposes its part through its index. */
export interface ScheduledParts {
  auth: { purgeExpired(): Promise<unknown> };
  notifications: { purgeOrphanedNotices(): Promise<unknown> };
  stats: { exports: { purgeExpired(): Promise<unknown> }; gaps: { check(): Promise<unknown> } };
  campaigns: { deadlines: { endOverdue(): Promise<unknown> } };
  enrollments: { repairReminders(): Promise<unknown> };
  donations: { refundPolls: { sweep(): Promise<unknown> } };
}

/**
 * Every repeatable task of the app, in one list (BullMQ job schedulers on the `maintenance` queue).
 * To add one: a line with a unique id, a repeat (cron in Asia/Shanghai, or `every` ms) and an
 * idempotent `run`. Tally reconciliation and stats roll-ups keep their own queues for now.
 */
export function appSchedulers(queues: QueueFactory, parts: ScheduledParts): JobSchedulers {
  return new JobSchedulers(queues)
    .add({ id: 'purge-expired-sessions', repeat: { pattern: '0 15 3 * * *' }, run: () => parts.auth.purgeExpired() })
    .add({ id: 'purge-orphaned-notices', repeat: { pattern: '0 20 3 * * *' }, run: () => parts.notifications.purgeOrphanedNotices() })
    .add({ id: 'purge-expired-stats-exports', repeat: { pattern: '0 40 * * * *' }, run: () => parts.stats.exports.purgeExpired() })
    // A safety net under the per-campaign delayed jobs (a Redis that lost them, campaigns live before they existed).
    .add({ id: 'end-overdue-campaigns', repeat: { pattern: '0 */10 * * * *' }, run: () => parts.campaigns.deadlines.endOverdue() })
    // A sign-up stored while Redis was away holds its place without reminders until this puts them back.
    .add({ id: 'repair-shift-reminders', repeat: { pattern: '0 */10 * * * *' }, run: () => parts.enrollments.repairReminders() })
    // Under the per-refund polls: refunds still open an hour on, whose poll jobs were lost with Redis.
    .add({ id: 'poll-open-refunds', repeat: { pattern: '0 25 * * * *' }, run: () => parts.donations.refundPolls.sweep() })
    .add({ id: 'stats-gap-alerts', repeat: { pattern: '0 */15 * * * *' }, run: () => parts.stats.gaps.check() });
}
