import { Types } from 'mongoose';
import {
  notificationIdSchema, rooms, type Actor, type ListNotificationsQuery, type NotificationData, type NotificationKind, type NotificationPage,
  type NotificationView, type UnreadCountView,
} from '@tongxin/shared';
import { NotFoundError, ValidationError } from '../../platform/errors';
import type { Notifier } from '../../platform/notifier';
import type { NotificationChannels } from './channels/notification-channels';
import type { NoticeDeferrals } from './notifications.deferrals';
import type { NotificationPreferences } from './notifications.preferences';
import { sortKeyOf, type NotificationRecord, type NotificationsRepository } from './notifications.repository';
import { quietDelayMs } from './quiet-hours';

/** What a sender hands over; the `id` must be derived from the event so a repeat is recognised. */
export interface NewNotification {
  id: string;
  kind: NotificationKind;
  title: string;
  body: string;
  data: NotificationData;
  /** Time-critical (a shift soon, a cancellation): delivered even in the user's quiet hours. */
  urgent?: boolean;
}

/** `delivered`: stored and pushed now; `duplicate`: this id was stored before; `deferred`: waits for quiet hours to end; `disabled`: the user switched this kind off. */
export type DeliveryOutcome = 'delivered' | 'duplicate' | 'deferred' | 'disabled';

export interface NotificationsParts {
  repository: NotificationsRepository;
  preferences: NotificationPreferences;
  deferrals: NoticeDeferrals;
  notifier: Notifier;
  /** WeChat and SMS beyond the inbox; absent, notifications stay in the inbox. */
  channels?: NotificationChannels | undefined;
}

export interface NotificationsOptions {
  now?: () => Date;
  /**
   * Tests only: runs after the insert and before the push, so a test can crash a delivery at its
   * most awkward moment and check that the retry neither stores nor pushes a second time.
   */
  afterInsert?: (notification: NewNotification) => void | Promise<void>;
}

function toView(record: NotificationRecord): NotificationView {
  return {
    id: record._id,
    kind: record.kind,
    title: record.title,
    body: record.body,
    data: record.data,
    createdAt: record.createdAt.toISOString(),
    readAt: record.readAt ? record.readAt.toISOString() : null,
  };
}

const SORT_KEY = /^\d{15}\|[a-z-]+:[A-Za-z0-9:@_.-]{1,160}$/;

function encodeCursor(sortKey: string): string {
  return Buffer.from(sortKey, 'utf8').toString('base64url');
}

/** A tampered cursor is a 400, never a scan from an arbitrary point. */
function decodeCursor(cursor: string): string {
  const sortKey = Buffer.from(cursor, 'base64url').toString('utf8');
  if (!SORT_KEY.test(sortKey) || encodeCursor(sortKey) !== cursor) {
    throw new ValidationError([{ path: 'cursor', message: '分页游标不正确' }]);
  }
  return sortKey;
}

/**
 * The in-app inbox. Delivery is exactly once in the store (insert on the sender's id) and at most
 * once on the socket: the push follows a fresh insert only, so a retried or repeated job pushes
 * nothing more. A push lost to a crash is caught up by the client reading the inbox.
 */
export class NotificationsService {
  private readonly now: () => Date;
  private readonly repository: NotificationsRepository;

  constructor(
    private readonly parts: NotificationsParts,
    private readonly options: NotificationsOptions = {},
  ) {
    this.now = options.now ?? (() => new Date());
    this.repository = parts.repository;
  }

  /** Honours the user's preferences: a kind switched off is dropped, a non-urgent one waits out quiet hours. */
  async deliver(userId: string, notification: NewNotification): Promise<DeliveryOutcome> {
    const preferences = await this.parts.preferences.of(userId);
    if (preferences.disabledKinds.has(notification.kind)) return 'disabled';
    const waitMs = notification.urgent ? 0 : quietDelayMs(preferences.quietHours, this.now());
    if (waitMs === 0) return this.store(userId, notification);
    const { id, kind, title, body, data } = notification;
    await this.parts.deferrals.defer({ _id: id, userId, kind, title, body, data }, waitMs);
    return 'deferred';
  }

  /**
   * Quiet hours are over: delivered unless the user switched the kind off meanwhile. A notice no
   * longer held was delivered by an earlier run of this job (it leaves the outbox last).
   */
  async deliverDeferred(userId: string, notificationId: string): Promise<DeliveryOutcome> {
    const held = await this.parts.deferrals.held(notificationId);
    if (!held) return 'duplicate';
    const preferences = await this.parts.preferences.of(userId);
    const outcome = preferences.disabledKinds.has(held.kind)
      ? 'disabled'
      : await this.store(userId, { id: held._id, kind: held.kind, title: held.title, body: held.body, data: held.data });
    await this.parts.deferrals.release(notificationId);
    return outcome;
  }

  /** Insert first: a duplicate id means delivered before, and nothing more is done (no second push). */
  private async store(userId: string, notification: NewNotification): Promise<DeliveryOutcome> {
    // A sender's bug, caught here: such an id could be neither marked read by URL nor paged past.
    if (!notificationIdSchema.safeParse(notification.id).success) throw new Error(`malformed notification id ${notification.id}`);
    const createdAt = this.now();
    const record: NotificationRecord = {
      _id: notification.id,
      userId: new Types.ObjectId(userId),
      kind: notification.kind,
      title: notification.title,
      body: notification.body,
      data: notification.data,
      createdAt,
      readAt: null,
      sortKey: sortKeyOf(createdAt, notification.id),
    };
    if (!(await this.repository.insert(record))) return 'duplicate';
    await this.options.afterInsert?.(notification);
    this.parts.notifier.emit(rooms.user(userId), 'notification:created', toView(record));
    await this.parts.channels?.afterStored(userId, notification);
    return 'delivered';
  }

  async listMine(actor: Actor, query: ListNotificationsQuery): Promise<NotificationPage> {
    const after = query.cursor ? decodeCursor(query.cursor) : undefined;
    const [found, unreadCount] = await Promise.all([
      this.repository.listByUser(actor.userId, after, query.limit + 1),
      this.repository.countUnread(actor.userId),
    ]);
    const page = found.slice(0, query.limit);
    const nextCursor = found.length > query.limit ? encodeCursor(page.at(-1)!.sortKey) : null;
    return { items: page.map(toView), nextCursor, unreadCount };
  }

  /** Someone else's notification answers 404 like a missing one: ids are guessable, existence is not told. */
  async markRead(actor: Actor, id: string): Promise<NotificationView> {
    const found = await this.repository.findById(id);
    if (!found || found.userId.toHexString() !== actor.userId) throw new NotFoundError('通知不存在');
    if (found.readAt) return toView(found);
    const readAt = this.now();
    await this.repository.markRead(id, readAt);
    return toView({ ...found, readAt });
  }

  async markAllRead(actor: Actor): Promise<UnreadCountView> {
    await this.repository.markAllRead(actor.userId, this.now());
    return { unreadCount: await this.repository.countUnread(actor.userId) };
  }
}
