import { MEALS, type Actor, type DeliveryTaskView, type MatchReasons, type MealCode } from '@tongxin/shared';
import { authorize } from '../../access';
import type { DueIndex } from '../../../platform/due-index';
import { routed } from '../../../platform/due-index';
import { ConflictError, ForbiddenError, NotFoundError } from '../../../platform/errors';
import type { QueueFactory } from '../../../platform/queues';
import { QUEUE_NAMES, type MealDeliveryTaskJob } from '../../queues.registry';
import type { MealBookingRecord } from '../bookings/meal-bookings.repository';
import type { MealBookingsService } from '../bookings/meal-bookings.service';
import { deliveryWindow, type MealDeliveries } from '../bookings/meal-deliveries';
import type { MealInbox } from '../bookings/meal-reminders';
import type { MealPointRecord } from '../meal-points.repository';
import type { MealPointsService } from '../meal-points.service';
import type { DeliveryTaskRecord, DeliveryTasksRepository } from './delivery-tasks.repository';
import type { DeliveryTaskViews } from './delivery-tasks.views';

/** A task as the matching engine's candidate query sees it: a one-place shift over the delivery window. */
export interface DeliverySearch {
  needId: string; shiftId: string; title: string; category: 'meal_delivery'; communityCode: string; location: { lat: number; lng: number };
  requiredSkills: readonly ['delivery']; startsAt: Date; endsAt: Date; slotsLeft: number;
}

/** The matching engine's candidate query, as the composition root hands it over (matching.service.rank). */
export interface DeliveryCandidates {
  rank(search: DeliverySearch, radiusKm: number, limit: number, exclude: ReadonlySet<string>): Promise<Array<{ id: string; score: number; reasons: MatchReasons }>>;
}

/** Within the point's service radius, the delivery skill (送餐) required, free across the delivery window. */
export function deliverySearch(task: DeliveryTaskRecord, point: { name: string; communityCode: string; location: { lat: number; lng: number } }): DeliverySearch {
  return {
    needId: task._id, shiftId: task._id, title: `${point.name}送餐`, category: 'meal_delivery', communityCode: point.communityCode,
    location: point.location, requiredSkills: ['delivery'], startsAt: task.windowStartsAt, endsAt: task.windowEndsAt, slotsLeft: 1,
  };
}

export interface DeliveryTaskSettings {
  /** Delivery bookings per task (one trip). */
  taskSize: number;
  /** Volunteers offered each task, best first. */
  offersPerTask: number;
  /** The taker is reminded this long before the window opens, ms. */
  reminderLeadMs: number;
}

export const DEFAULT_DELIVERY_TASK_SETTINGS: DeliveryTaskSettings = { taskSize: 6, offersPerTask: 5, reminderLeadMs: 30 * 60_000 };

/** This part's route in the shared due-time index (`delivery/<taskId>|start`). */
export const DELIVERY_REMINDER_ROUTE = 'delivery';

const mealLabel = (meal: string) => MEALS.find((m) => m.code === meal)?.label ?? '';

/**
 * Meal delivery tasks. At a meal's booking cut-off its delivery bookings are batched per point into
 * tasks (deterministic ids and insert-once memberships, so forming twice changes nothing), and each
 * task is offered to the best nearby volunteers with the delivery skill (送餐, `delivery`) by the matching
 * engine's candidate query. The first to accept takes it (an insert on the task id: two volunteers
 * never take one task) and becomes each booking's deliverer; they are reminded before the window and
 * confirm each meal delivered. A task nobody took when its window opens, and one with meals not
 * delivered when it closes, alert the point's operators (BullMQ delayed jobs with deterministic ids).
 */
export class DeliveryTasks {
  constructor(
    private readonly repository: DeliveryTasksRepository,
    private readonly points: MealPointsService,
    private readonly bookings: MealBookingsService,
    private readonly deliveries: MealDeliveries,
    private readonly views: DeliveryTaskViews,
    private readonly candidates: DeliveryCandidates,
    private readonly inbox: MealInbox,
    private readonly queues: QueueFactory,
    private readonly reminders: DueIndex,
    private readonly settings: DeliveryTaskSettings = DEFAULT_DELIVERY_TASK_SETTINGS,
    private readonly now: () => Date = () => new Date(),
  ) {
    reminders.route(DELIVERY_REMINDER_ROUTE, (member) => this.remind(member.split('|')[0]!));
  }

  /** A delivery booking schedules its meal's task formation at the cut-off (one job per point, day and meal). */
  async scheduleFormation(booking: MealBookingRecord): Promise<void> {
    if (booking.mode !== 'delivery') return;
    const { pointId, date, meal } = booking;
    await this.queue().add('form', { step: 'form', pointId, date, meal }, {
      jobId: `delivery-form_${pointId}_${date}_${meal}`, delay: Math.max(0, booking.bookingCutoffAt.getTime() - Date.now()),
    });
  }

  /** Batches the meal's live delivery bookings into tasks and offers each; returns the task ids. */
  async form(pointId: string, date: string, meal: MealCode): Promise<string[]> {
    const point = await this.points.require(pointId);
    const service = point.meals.find((m) => m.meal === meal);
    if (!service) return [];
    const bookings = (await this.bookings.forPointDay(pointId, date))
      .filter((b) => b.meal === meal && b.mode === 'delivery' && b.status === 'booked')
      .map((b) => b._id.toHexString()).sort();
    const window = deliveryWindow(date, service);
    const offered = new Set<string>();
    const ids: string[] = [];
    for (let n = 0; n * this.settings.taskSize < bookings.length; n++) {
      const task = await this.repository.insertTask({
        _id: `${pointId}_${date}_${meal}_${n + 1}`, pointId, date, meal,
        bookingIds: bookings.slice(n * this.settings.taskSize, (n + 1) * this.settings.taskSize),
        windowStartsAt: window.startsAt, windowEndsAt: window.endsAt, createdAt: this.now(),
      });
      for (const bookingId of task.bookingIds) await this.repository.join(bookingId, task._id);
      await this.offer(task, point, offered);
      await this.queue().add('check', { step: 'unclaimed', taskId: task._id }, { jobId: `delivery-unclaimed_${task._id}`, delay: Math.max(0, task.windowStartsAt.getTime() - Date.now()) });
      await this.queue().add('check', { step: 'overdue', taskId: task._id }, { jobId: `delivery-overdue_${task._id}`, delay: Math.max(0, task.windowEndsAt.getTime() - Date.now()) });
      ids.push(task._id);
    }
    return ids;
  }

  /**
   * Offers a task to the best volunteers, preferring those not yet offered another task of this meal
   * (so a meal's tasks spread over people), topped up from the others when too few are left.
   */
  private async offer(task: DeliveryTaskRecord, point: MealPointRecord, offered: Set<string>) {
    const search = deliverySearch(task, point);
    const limit = this.settings.offersPerTask;
    const ranked = await this.candidates.rank(search, point.serviceRadiusKm, limit, offered);
    if (ranked.length < limit) {
      const chosen = new Set(ranked.map((r) => r.id));
      ranked.push(...(await this.candidates.rank(search, point.serviceRadiusKm, limit - ranked.length, chosen)));
    }
    for (const { id: userId, score } of ranked) {
      offered.add(userId);
      await this.offerTo(task, point.name, userId, score);
    }
  }

  /**
   * Offers the task to one volunteer (the engine's pick, or the operator's from the picker): the same
   * offer, notice and acceptance either way. False when they were offered it before.
   */
  async offerTo(task: DeliveryTaskRecord, pointName: string, userId: string, score: number, invitedBy?: string): Promise<boolean> {
    const offer = { _id: `${task._id}:${userId}`, taskId: task._id, userId, score, windowEndsAt: task.windowEndsAt, at: this.now(), ...(invitedBy ? { invitedBy } : {}) };
    // Told once, when the offer is new (a crash in between loses the notice, not the offer: it stays in the volunteer's list).
    if (!(await this.repository.offer(offer))) return false;
    await this.inbox.deliver(userId, {
      id: `delivery-offer:${task._id}:${userId}`, kind: 'delivery-task', urgent: true, title: '助餐送餐任务邀请',
      body: `${task.date} ${pointName}有 ${task.bookingIds.length} 份${mealLabel(task.meal)}需要送到老人家中，接单后送餐时段内可查看地址。`,
      data: { taskId: task._id, pointId: task.pointId },
    });
    return true;
  }

  /** An offered volunteer takes the task; the first one wins, others hear it is taken. */
  async accept(actor: Actor, taskId: string): Promise<DeliveryTaskView> {
    const task = await this.requireTask(taskId);
    if (!(await this.repository.offerOf(taskId, actor.userId))) throw new ForbiddenError('这个送餐任务没有邀请你');
    if (this.now().getTime() >= task.windowEndsAt.getTime()) throw new ConflictError('DELIVERY_TASK_CLOSED');
    const claim = await this.repository.claim({ _id: taskId, volunteerUserId: actor.userId, at: this.now() });
    if (claim.volunteerUserId !== actor.userId) throw new ConflictError('DELIVERY_TASK_TAKEN');
    for (const bookingId of task.bookingIds) await this.deliveries.assignForTask(bookingId, actor.userId);
    const due = task.windowStartsAt.getTime() - this.settings.reminderLeadMs;
    if (due > this.now().getTime()) await this.reminders.put(routed(DELIVERY_REMINDER_ROUTE, `${taskId}|start`), due);
    return this.views.present(task, claim);
  }

  /**
   * An offered volunteer says no: the offer leaves their list and the operator's picker shows the
   * answer. Until someone takes the task they may still change their mind and accept.
   */
  async decline(actor: Actor, taskId: string): Promise<{ taskId: string; declined: true }> {
    authorize(actor, 'delivery-task:self', { ownerUserId: actor.userId });
    await this.requireTask(taskId);
    const offer = await this.repository.offerOf(taskId, actor.userId);
    if (!offer) throw new ForbiddenError('这个送餐任务没有邀请你');
    if ((await this.repository.claimOf(taskId))?.volunteerUserId === actor.userId) throw new ConflictError('DELIVERY_TASK_ACCEPTED');
    if (!offer.declinedAt) await this.repository.decline(offer._id, this.now());
    return { taskId, declined: true };
  }

  /** The taker's reminder before the window (inbox id per task: stored once). */
  async remind(taskId: string): Promise<'sent' | 'skipped'> {
    const task = await this.repository.findTask(taskId);
    const claim = task && await this.repository.claimOf(taskId);
    if (!task || !claim || this.now().getTime() >= task.windowEndsAt.getTime()) return 'skipped';
    const point = await this.points.require(task.pointId);
    await this.inbox.deliver(claim.volunteerUserId, {
      id: `delivery-reminder:${taskId}`, kind: 'delivery-task', urgent: true, title: '送餐提醒',
      body: `你接下的 ${task.bookingIds.length} 份${mealLabel(task.meal)}送餐即将开始，请到${point.name}取餐，送达后逐份确认。`,
      data: { taskId, pointId: task.pointId },
    });
    return 'sent';
  }

  /** At the window's start: nobody took the task, so the operators must arrange delivery themselves. */
  async checkUnclaimed(taskId: string): Promise<'alerted' | 'claimed'> {
    const task = await this.requireTask(taskId);
    if (await this.repository.claimOf(taskId)) return 'claimed';
    await this.alertOperators(task, `delivery-unclaimed:${taskId}`, '送餐任务无人接单',
      `${task.date} 的 ${task.bookingIds.length} 份${mealLabel(task.meal)}送餐还没有志愿者接单，请尽快安排送餐。`);
    return 'alerted';
  }

  /** At the window's end: meals of the task not confirmed delivered alert the operators once. */
  async checkOverdue(taskId: string): Promise<'alerted' | 'delivered'> {
    const task = await this.requireTask(taskId);
    const open = (await Promise.all(task.bookingIds.map((id) => this.bookings.find(id)))).filter((b) => b && b.status !== 'delivered' && b.status !== 'cancelled');
    if (open.length === 0) return 'delivered';
    await this.alertOperators(task, `delivery-overdue:${taskId}`, '送餐未按时送达',
      `${task.date} 的送餐任务中有 ${open.length} 份${mealLabel(task.meal)}在送餐时段结束时仍未确认送达，请联系送餐志愿者和老人家属。`);
    return 'alerted';
  }

  /** Whether a booking's undelivered meal is reported by its task (so the per-booking alert stays quiet). */
  async coversUndelivered(bookingId: string): Promise<boolean> {
    return (await this.repository.taskOfBooking(bookingId)) !== null;
  }

  startWorker(): void {
    this.queues.worker<MealDeliveryTaskJob>(QUEUE_NAMES.mealDeliveryTasks, async (job) => {
      const data = job.data;
      if (data.step === 'form') return this.form(data.pointId, data.date, data.meal as MealCode);
      return data.step === 'unclaimed' ? this.checkUnclaimed(data.taskId) : this.checkOverdue(data.taskId);
    });
  }

  /** One notice per operator: inbox ids are global, so each carries its recipient. */
  private async alertOperators(task: DeliveryTaskRecord, id: string, title: string, body: string): Promise<void> {
    const point = await this.points.require(task.pointId);
    for (const userId of point.operatorUserIds) {
      await this.inbox.deliver(userId, { id: `${id}:${userId}`, kind: 'delivery-task', urgent: true, title, body, data: { taskId: task._id, pointId: task.pointId } });
    }
  }

  private async requireTask(taskId: string): Promise<DeliveryTaskRecord> {
    const task = await this.repository.findTask(taskId);
    if (!task) throw new NotFoundError('送餐任务不存在');
    return task;
  }

  private queue() {
    return this.queues.queue<MealDeliveryTaskJob>(QUEUE_NAMES.mealDeliveryTasks);
  }
}
