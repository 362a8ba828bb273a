import { formatShanghai, type NotificationKind } from '@tongxin/shared';
import type { Redis } from 'ioredis';
import type { JobsOptions } from '../../../platform/queues';
import type { QueueFactory } from '../../../platform/queues';
import { QUEUE_NAMES, type ChannelDeliveryJob } from '../../queues.registry';
import type { NotificationRecord } from '../notifications.repository';
import type { ChannelSettings } from './channel-config';
import type { SubscriptionOptIns } from './subscription-opt-ins';
import { SubscriptionMissingError, type WechatSubscribeSender } from './wechat-subscribe';

/** How the server reaches a user outside the app; both read on demand, never copied into jobs. */
export interface Contacts {
  wechatOpenId(userId: string): Promise<string | null>;
  phone(userId: string): Promise<string | null>;
}

/** The SMS provider shared with sign-in (auth's SmsProvider), seen from here. */
export interface SmsSender {
  send(phone: string, templateId: 'notice', params: Record<string, string>): Promise<void>;
}

export interface ChannelLimits {
  /** Messages per minute per channel across all workers (BullMQ limiter). */
  wechatPerMinute: number;
  smsPerMinute: number;
}

export interface NotificationChannelsParts {
  queues: QueueFactory;
  redis: Redis;
  /** Prefix for the sent markers. */
  prefix: string;
  settings: ChannelSettings;
  optIns: SubscriptionOptIns;
  wechat: WechatSubscribeSender;
  sms: SmsSender;
  contacts: Contacts;
  limits: ChannelLimits;
  findNotification(id: string): Promise<NotificationRecord | null>;
}

/** Retries with exponential backoff (5 s, 10 s, 20 s, …) and ±50 % jitter, so a WeChat outage is not hammered in step. */
const CHANNEL_JOB_OPTIONS: JobsOptions = {
  attempts: 6,
  backoff: { type: 'exponential', delay: 5000, jitter: 0.5 },
};

const jobIdOf = (channel: string, notificationId: string) => `${channel}_${Buffer.from(notificationId, 'utf8').toString('base64url')}`;

/** WeChat's `thing` fields take at most 20 characters. */
const thing = (text: string) => (text.length > 20 ? `${text.slice(0, 19)}…` : text);

export type ChannelOutcome = 'sent' | 'already-sent' | 'gone' | 'fallback-sms' | 'inbox-only';

/**
 * Sends a stored notification on beyond the inbox: as a WeChat subscribe message when its kind has a
 * template and the user has an opt-in left (or the template is long-term); when WeChat cannot carry
 * it, by SMS if urgent; else it stays in the inbox only. Jobs carry ids; the text is read from the inbox. A sent marker in Redis
 * makes a retried job send nothing twice (a crash between the send and the marker may repeat one).
 */
export class NotificationChannels {
  constructor(private readonly parts: NotificationChannelsParts) {}

  /** Called once per fresh inbox entry; kinds without a WeChat template stay in the inbox (SMS is WeChat's fallback, not a channel of its own). */
  async afterStored(userId: string, notification: { id: string; kind: NotificationKind; urgent?: boolean }): Promise<void> {
    if (!this.parts.settings.templates[notification.kind]) return;
    await this.enqueue(QUEUE_NAMES.notifyWechat, { userId, notificationId: notification.id, urgent: notification.urgent === true });
  }

  startWorkers(): void {
    const minute = 60_000;
    this.parts.queues.worker<ChannelDeliveryJob>(QUEUE_NAMES.notifyWechat, (job) => this.sendWechat(job.data), {
      limiter: { max: this.parts.limits.wechatPerMinute, duration: minute },
    });
    this.parts.queues.worker<ChannelDeliveryJob>(QUEUE_NAMES.notifySms, (job) => this.sendSms(job.data), {
      limiter: { max: this.parts.limits.smsPerMinute, duration: minute },
    });
  }

  private async enqueue(queue: string, job: ChannelDeliveryJob): Promise<void> {
    await this.parts.queues.queue<ChannelDeliveryJob>(queue).add('send', job, { ...CHANNEL_JOB_OPTIONS, jobId: jobIdOf(queue, job.notificationId) });
  }

  async sendWechat(job: ChannelDeliveryJob): Promise<ChannelOutcome> {
    const notification = await this.parts.findNotification(job.notificationId);
    if (!notification) return 'gone';
    const templateId = this.parts.settings.templates[notification.kind];
    const openid = await this.parts.contacts.wechatOpenId(job.userId);
    if (!templateId || !openid) return this.fallBack(job);
    if (await this.wasSent('wechat', job.notificationId)) return 'already-sent';
    const longTerm = this.parts.settings.longTerm.has(notification.kind);
    if (!longTerm && !(await this.parts.optIns.spend(job.userId, templateId, job.notificationId))) return this.fallBack(job);
    try {
      await this.parts.wechat.send({
        openid, templateId, page: this.parts.settings.page,
        data: { thing1: thing(notification.title), thing2: thing(notification.body), time3: formatShanghai(notification.createdAt) },
      });
    } catch (error) {
      if (!(error instanceof SubscriptionMissingError)) throw error;
      if (!longTerm) await this.parts.optIns.forfeit(job.userId, templateId);
      return this.fallBack(job);
    }
    await this.markSent('wechat', job.notificationId);
    return 'sent';
  }

  async sendSms(job: ChannelDeliveryJob): Promise<ChannelOutcome> {
    const notification = await this.parts.findNotification(job.notificationId);
    if (!notification) return 'gone';
    const phone = await this.parts.contacts.phone(job.userId);
    if (!phone) return 'inbox-only';
    if (await this.wasSent('sms', job.notificationId)) return 'already-sent';
    await this.parts.sms.send(phone, 'notice', { title: thing(notification.title) });
    await this.markSent('sms', job.notificationId);
    return 'sent';
  }

  private async fallBack(job: ChannelDeliveryJob): Promise<ChannelOutcome> {
    if (!job.urgent) return 'inbox-only';
    await this.enqueue(QUEUE_NAMES.notifySms, job);
    return 'fallback-sms';
  }

  private async wasSent(channel: string, notificationId: string): Promise<boolean> {
    return (await this.parts.redis.exists(`${this.parts.prefix}:sent:${channel}:${notificationId}`)) === 1;
  }

  private async markSent(channel: string, notificationId: string): Promise<void> {
    await this.parts.redis.set(`${this.parts.prefix}:sent:${channel}:${notificationId}`, '1', 'EX', 30 * 86_400);
  }
}
