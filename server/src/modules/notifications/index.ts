import type { RequestHandler } from 'express';
import { DueIndex } from '../../platform/due-index';
import type { ModuleDeps } from '../module-deps';
import { QUEUE_NAMES, type NotificationDeliveryJob } from '../queues.registry';
import { parseChannelSettings } from './channels/channel-config';
import { NotificationChannels, type Contacts, type SmsSender } from './channels/notification-channels';
import { SubscriptionOptIns } from './channels/subscription-opt-ins';
import { SubscriptionsService } from './channels/subscriptions.service';
import { HttpWechatSubscribeSender, SandboxWechatSubscribeSender, type WechatSubscribeSender } from './channels/wechat-subscribe';
import { NoticeDeferrals } from './notifications.deferrals';
import { NotificationPreferences, parseDefaultQuietHours } from './notifications.preferences';
import { NotificationsRepository } from './notifications.repository';
import { notificationsRouter } from './notifications.routes';
import {
  NotificationsService, type DeliveryOutcome, type NewNotification, type NotificationsOptions,
} from './notifications.service';

export type { Contacts, DeliveryOutcome, NewNotification, NotificationsOptions, NotificationsService, SmsSender };
export { HttpWechatSubscribeSender, SandboxWechatSubscribeSender, SubscriptionMissingError, WechatQuotaError } from './channels/wechat-subscribe';

/** How notifications leave the app: the SMS provider shared with sign-in, and where users are reached. */
export interface OutsideChannels {
  sms: SmsSender;
  contacts: Contacts;
}

function wechatSenderOf(deps: ModuleDeps): WechatSubscribeSender {
  const { config } = deps;
  if (config.WECHAT_SUBSCRIBE_PROVIDER === 'sandbox') return new SandboxWechatSubscribeSender(deps.logger);
  return new HttpWechatSubscribeSender({
    appId: config.WECHAT_APP_ID, appSecret: config.WECHAT_APP_SECRET, apiBase: config.WECHAT_API_BASE,
    redis: deps.redis, tokenKey: `${config.REDIS_PREFIX}:wechat:access-token`, logger: deps.logger,
  });
}

/**
 * The inbox and its channels: `service.deliver(userId, notice)` for other modules (through
 * runtime.ts), routes under /api/v1/me. Without `outside`, notifications stay in the inbox.
 */
export function createNotificationsModule(
  deps: ModuleDeps, authenticate: RequestHandler, options: NotificationsOptions = {}, outside?: OutsideChannels,
) {
  const { config } = deps;
  const repository = new NotificationsRepository(deps.connection);
  const preferences = new NotificationPreferences(deps.connection, parseDefaultQuietHours(config.DEFAULT_QUIET_HOURS));
  const settings = parseChannelSettings(config.WECHAT_SUBSCRIBE_TEMPLATES, config.WECHAT_LONG_TERM_KINDS, config.WECHAT_SUBSCRIBE_PAGE);
  const optIns = new SubscriptionOptIns(deps.redis, config.REDIS_PREFIX);
  const wechat = wechatSenderOf(deps);
  const channels = outside && new NotificationChannels({
    queues: deps.queues, redis: deps.redis, prefix: config.REDIS_PREFIX, settings, optIns, wechat, sms: outside.sms,
    contacts: outside.contacts, findNotification: (id) => repository.findById(id),
    limits: { wechatPerMinute: config.WECHAT_SUBSCRIBE_PER_MINUTE, smsPerMinute: config.SMS_NOTICES_PER_MINUTE },
  });
  const deferrals = new NoticeDeferrals(deps.queues, deps.connection);
  const service = new NotificationsService({ repository, preferences, deferrals, notifier: deps.notifier, channels }, options);
  const subscriptions = new SubscriptionsService(settings, optIns);
  // The one due-time index of the app: shift reminders (untagged members) and the routes other modules
  // register (meal bookings, delivery tasks). The queue names keep their first user's name.
  const reminderIndex = new DueIndex({
    redis: deps.redis, queues: deps.queues, key: `${config.REDIS_PREFIX}:reminders:due`,
    drainQueue: QUEUE_NAMES.shiftReminderDrain, deliveryQueue: QUEUE_NAMES.shiftReminders,
  });
  return {
    service,
    /** Reminders at city scale (see DueIndex): modules `route` a tag and `put` members `<tag>/<id>`. */
    reminderIndex,
    subscriptions,
    /** For the clean-up job: held notices whose delivery job is gone, older than two days. */
    purgeOrphanedNotices: (now = new Date()) => deferrals.purgeOrphans(new Date(now.getTime() - 2 * 86_400_000)),
    /** The subscribe-message sender in use (the sandbox one records what it "sent"). */
    wechat,
    router: notificationsRouter(service, preferences, subscriptions, authenticate),
    /** Delivers notices held back by quiet hours when they end, and sends stored ones on through WeChat and SMS. */
    startWorkers: () => {
      deps.queues.worker<NotificationDeliveryJob>(QUEUE_NAMES.notificationDelivery, (job) =>
        service.deliverDeferred(job.data.userId, job.data.notificationId));
      channels?.startWorkers();
    },
  };
}
