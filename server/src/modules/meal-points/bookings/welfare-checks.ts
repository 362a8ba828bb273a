import type { Job } from 'bullmq';
import type { Actor, CreateNeedInput } from '@tongxin/shared';
import type { Logger } from '../../../platform/logger';
import type { QueueFactory } from '../../../platform/queues';
import type { Redis } from '../../../platform/redis';
import { QUEUE_NAMES, type MealMissedCheckJob } from '../../queues.registry';
import type { EldersService } from '../elders/elders.service';
import type { MealPointsService } from '../meal-points.service';
import type { SubsidyRulesStore } from '../subsidy-rules';
import type { MealBookingRecord } from './meal-bookings.repository';
import type { MealBookingsService } from './meal-bookings.service';

/** After serving ends, this long before a booking not picked up or delivered counts as missed. */
const MISSED_GRACE_MS = 30 * 60_000;

/** What the welfare check asks of other modules (wired in runtime.ts). */
export interface WelfarePorts {
  /** Tells a user (in-app inbox); the id is derived from the event so a retried job tells once. */
  notify(userId: string, notice: { id: string; title: string; body: string; data: Record<string, string> }): Promise<unknown>;
  /** Posts a visit need in the elder's community through the needs module, so matching and sign-up work unchanged. */
  createVisitNeed(actor: Actor, input: CreateNeedInput): Promise<{ id: string }>;
}

/** The community acts through this account when the system posts a visit need on its behalf. */
export const WELFARE_SYSTEM_USER_ID = '000000000000000000000001';

/**
 * 关爱: a booked meal neither picked up nor delivered by the end of serving (plus a grace) is missed.
 * Consecutive misses per elder are a Redis counter (INCR is atomic; a served or delivered meal resets
 * it). When an elder living alone reaches the admins' threshold, the linked family and the staff who
 * recorded the elder are alerted (an unconfirmed delivery also alerts the point's operators) and a visit need is posted in the elder's community: exactly once per
 * run of misses, because only the INCR that lands on the threshold alerts.
 */
export class WelfareChecks {
  constructor(
    private readonly bookings: MealBookingsService,
    private readonly elders: EldersService,
    private readonly points: MealPointsService,
    private readonly rules: SubsidyRulesStore,
    private readonly queues: QueueFactory,
    private readonly redis: Redis,
    private readonly prefix: string,
    private readonly ports: WelfarePorts,
    private readonly logger: Logger,
  ) {}

  /** Set by the module: a booking whose task reports undelivered meals gets no alert of its own here. */
  undeliveredReportedElsewhere: ((bookingId: string) => Promise<boolean>) | undefined;

  /** Schedules the missed-meal check of a new booking (deterministic job id: a retry adds nothing). */
  async scheduleCheck(booking: MealBookingRecord): Promise<void> {
    const id = booking._id.toHexString();
    const delay = Math.max(0, booking.servesUntilAt.getTime() + MISSED_GRACE_MS - Date.now());
    await this.queues.queue<MealMissedCheckJob>(QUEUE_NAMES.mealMissedCheck).add('check', { bookingId: id }, { jobId: `meal-missed_${id}`, delay });
  }

  /** A served or delivered meal ends the run of misses. */
  async mealTaken(booking: MealBookingRecord): Promise<void> {
    await this.redis.del(this.streakKey(booking.elderId));
  }

  startWorker(): void {
    this.queues.worker<MealMissedCheckJob>(QUEUE_NAMES.mealMissedCheck, (job: Job<MealMissedCheckJob>) => this.checkMissed(job.data.bookingId));
  }

  /** Marks a still-open booking missed and raises the alert when the run of misses reaches the threshold. */
  async checkMissed(bookingId: string): Promise<'missed' | 'alerted' | 'not-missed'> {
    const booking = await this.bookings.require(bookingId);
    if (booking.status !== 'booked') return 'not-missed';
    try {
      await this.bookings.close(booking, 'missed');
    } catch {
      return 'not-missed';
    }
    if (booking.mode === 'delivery' && !(await this.undeliveredReportedElsewhere?.(bookingId))) await this.alertUndelivered(booking);
    const streak = await this.redis.incr(this.streakKey(booking.elderId));
    const elder = await this.elders.findById(booking.elderId);
    const { welfareAlertAfterMisses } = await this.rules.current();
    if (!elder?.livesAlone || streak !== welfareAlertAfterMisses) return 'missed';
    const name = this.elders.maskedName(elder);
    const need = await this.ports.createVisitNeed(
      { userId: WELFARE_SYSTEM_USER_ID, roles: ['community_staff'], scopes: { communityCode: elder.communityCode } },
      visitNeed(elder.communityCode, name, streak),
    );
    const recipients = new Set([...(await this.elders.relativesOf(booking.elderId)), elder.createdBy]);
    for (const userId of recipients) {
      await this.ports.notify(userId, {
        // Inbox ids are global, so each recipient's notice carries the recipient.
        id: `welfare-alert:${booking.elderId}@${bookingId}:${userId}`,
        title: '关爱提醒：独居老人连续未取餐',
        body: `${name} 已连续 ${streak} 次未取预订的餐，请尽快联系老人；社区已发布上门探访需求。`,
        data: { elderId: booking.elderId, bookingId, needId: need.id },
      });
    }
    this.logger.info({ elderId: booking.elderId, bookingId, needId: need.id, streak }, 'welfare alert raised');
    return 'alerted';
  }

  /** A delivery nobody confirmed: the point's operators hear of it. */
  private async alertUndelivered(booking: MealBookingRecord): Promise<void> {
    const id = booking._id.toHexString();
    const point = await this.points.require(booking.pointId);
    for (const userId of point.operatorUserIds) {
      await this.ports.notify(userId, {
        id: `meal-undelivered:${id}:${userId}`,
        title: '送餐未确认送达',
        body: `${booking.date} 的一份送餐没有确认送达，请联系送餐志愿者和老人家属。`,
        data: { bookingId: id, pointId: booking.pointId },
      });
    }
  }

  private streakKey(elderId: string): string {
    return `${this.prefix}:elder-missed-streak:${elderId}`;
  }
}

function visitNeed(communityCode: string, maskedName: string, streak: number): CreateNeedInput {
  const startsAt = Date.now() + 60 * 60_000;
  return {
    title: '关爱探访：独居老人连续未取餐',
    description: `社区独居老人 ${maskedName} 已连续 ${streak} 次未取预订的助餐，请志愿者协助上门探望，确认老人平安。`,
    category: 'elderly_visit',
    beneficiaryType: 'elderly_alone',
    communityCode,
    requiredSkills: [],
    shifts: [{ startsAt: new Date(startsAt).toISOString(), endsAt: new Date(startsAt + 2 * 3_600_000).toISOString(), capacity: 2 }],
    publish: true,
  };
}
