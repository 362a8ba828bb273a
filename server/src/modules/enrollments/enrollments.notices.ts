import { formatShanghai, type NotificationData, type NotificationKind } from '@tongxin/shared';
import type { ReminderKind } from '../queues.registry';
import type { EnrollmentRecord } from './enrollments.repository';

/** A notice for the inbox; `id` is derived from the event so a repeat is stored once. */
export interface Notice {
  id: string;
  kind: NotificationKind;
  title: string;
  body: string;
  data: NotificationData;
  /** Time-critical: delivered even in the volunteer's quiet hours (which hold other notices back). */
  urgent?: boolean;
}

/** What this module needs of the notifications module (wired in runtime.ts): delivery, nothing else. */
export interface Inbox {
  /**
   * `delivered`: stored and pushed now; `duplicate`: this id was delivered before; `deferred`:
   * held until the volunteer's quiet hours end; `disabled`: the volunteer switched the kind off.
   */
  deliver(userId: string, notice: Notice): Promise<'delivered' | 'duplicate' | 'deferred' | 'disabled'>;
}

type Subject = Pick<EnrollmentRecord, '_id' | 'needId' | 'shiftId' | 'needTitle' | 'startsAt'>;

const idsOf = (e: Subject): NotificationData => ({ enrollmentId: e._id, needId: e.needId.toHexString(), shiftId: e.shiftId.toHexString() });

const REMINDER_TITLES: Record<ReminderKind, string> = { '24h': '班次提醒：明天有服务', '2h': '班次提醒：2 小时后开始' };

/**
 * Keyed by the start time too: a moved shift's new reminder is a new notice, while a retried or
 * duplicated job for the same start finds the one already stored.
 */
export function reminderNotice(e: Subject, kind: ReminderKind, confirmBy?: Date): Notice {
  const asks = kind === '24h' && confirmBy !== undefined;
  return {
    id: `reminder:${e._id}:${kind}@${e.startsAt.getTime()}`,
    kind: 'shift-reminder',
    title: REMINDER_TITLES[kind],
    urgent: kind === '2h',
    body: asks
      ? `你报名的「${e.needTitle}」将于 ${formatShanghai(e.startsAt)} 开始。请在 ${formatShanghai(confirmBy)} 前确认参加或取消，未确认的名额将释放给候补志愿者。`
      : `你报名的「${e.needTitle}」将于 ${formatShanghai(e.startsAt)} 开始，请准时到达。`,
    // `action: confirm` tells the client to offer 确认参加 / 无法参加 (POST /api/v1/enrollments/:id/confirm|decline).
    data: asks ? { ...idsOf(e), action: 'confirm', confirmBy: confirmBy.toISOString() } : idsOf(e),
  };
}

/** `generation` is `<enrollmentId>@<createdAt ms>`: a sign-up that comes back and is cancelled again is told again. */
export function cancelledNotice(e: Subject, generation: string, reason: string): Notice {
  return {
    id: `enrollment-cancelled:${generation}`,
    kind: 'enrollment-cancelled',
    title: '服务需求已取消',
    urgent: true,
    body: `你报名的「${e.needTitle}」已被组织方取消，原因：${reason}`,
    data: idsOf(e),
  };
}

/** Urgent when the shift starts within a day: the volunteer must know before quiet hours end. */
export function promotedNotice(e: Subject, generation: string, now = new Date()): Notice {
  return {
    urgent: e.startsAt.getTime() - now.getTime() < 24 * 3_600_000,
    id: `enrollment-promoted:${generation}`,
    kind: 'enrollment-promoted',
    title: '候补成功',
    body: `「${e.needTitle}」有名额空出，你已由候补转为正式报名，班次于 ${formatShanghai(e.startsAt)} 开始。`,
    data: idsOf(e),
  };
}

/** One notice per move to a given start: a re-run of the same move is not told twice. */
export function shiftMovedNotice(e: Subject, startsAt: Date, endsAt: Date): Notice {
  return {
    id: `shift-moved:${e._id}@${startsAt.getTime()}`,
    kind: 'shift-moved',
    title: '班次时间调整',
    urgent: true,
    body: `你报名的「${e.needTitle}」班次时间调整为 ${formatShanghai(startsAt)} 至 ${formatShanghai(endsAt)}。`,
    data: idsOf(e),
  };
}
