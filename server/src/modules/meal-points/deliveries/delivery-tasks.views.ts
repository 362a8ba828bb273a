import type { Actor, DeliveryTaskStatus, DeliveryTaskView, MealBookingStatus } from '@tongxin/shared';
import { authorize } from '../../access';
import { ForbiddenError, NotFoundError } from '../../../platform/errors';
import type { MealBookingsService } from '../bookings/meal-bookings.service';
import type { EldersService } from '../elders/elders.service';
import type { MealPointsService } from '../meal-points.service';
import type { DeliveryTaskClaimRecord, DeliveryTaskRecord, DeliveryTasksRepository } from './delivery-tasks.repository';

const FINISHED: ReadonlySet<MealBookingStatus> = new Set(['delivered', 'cancelled', 'missed', 'served']);

/** Reading tasks: the volunteer's offers and tasks, one task, the operator's day. Elder names masked; no addresses. */
export class DeliveryTaskViews {
  constructor(
    private readonly repository: DeliveryTasksRepository,
    private readonly points: MealPointsService,
    private readonly bookings: MealBookingsService,
    private readonly elders: EldersService,
    private readonly now: () => Date = () => new Date(),
  ) {}

  /** Offers still open to the volunteer and tasks they took whose window has not ended, soonest first. */
  async mine(actor: Actor): Promise<{ items: DeliveryTaskView[] }> {
    authorize(actor, 'delivery-task:self', { ownerUserId: actor.userId });
    const offered = (await this.repository.openOffersOf(actor.userId, this.now())).map((o) => o.taskId);
    const ids = [...new Set([...offered, ...(await this.repository.claimedBy(actor.userId))])];
    const tasks = (await this.repository.findTasks(ids)).filter((t) => t.windowEndsAt.getTime() > this.now().getTime());
    const claims = await this.repository.claimsOf(tasks.map((t) => t._id));
    // Someone else's task is no longer an offer to this volunteer.
    const visible = tasks.filter((t) => !claims.has(t._id) || claims.get(t._id)!.volunteerUserId === actor.userId);
    const items = await Promise.all(visible.map((t) => this.present(t, claims.get(t._id) ?? null)));
    return { items: items.sort((a, b) => a.windowStartsAt.localeCompare(b.windowStartsAt) || a.id.localeCompare(b.id)) };
  }

  /** One task: for the volunteers it was offered to (while open), its taker, and the point's operators. */
  async get(actor: Actor, taskId: string): Promise<DeliveryTaskView> {
    const task = await this.repository.findTask(taskId);
    if (!task) throw new NotFoundError('送餐任务不存在');
    const claim = await this.repository.claimOf(taskId);
    const offered = (await this.repository.offerOf(taskId, actor.userId)) !== null;
    if (claim?.volunteerUserId !== actor.userId && !(offered && !claim)) {
      try {
        await this.points.requireManaged(actor, task.pointId);
      } catch {
        throw new ForbiddenError('只有受邀志愿者、接单志愿者和助餐点可以查看送餐任务');
      }
    }
    return this.present(task, claim);
  }

  /** The operator's day of tasks: who took each, how far along. */
  async forPointDay(actor: Actor, pointId: string, date: string): Promise<{ items: DeliveryTaskView[] }> {
    await this.points.requireManaged(actor, pointId);
    const tasks = await this.repository.forPointDay(pointId, date);
    const claims = await this.repository.claimsOf(tasks.map((t) => t._id));
    return { items: await Promise.all(tasks.map((t) => this.present(t, claims.get(t._id) ?? null))) };
  }

  async present(task: DeliveryTaskRecord, claim: DeliveryTaskClaimRecord | null): Promise<DeliveryTaskView> {
    const point = await this.points.require(task.pointId);
    const stops = await Promise.all(task.bookingIds.map(async (bookingId) => {
      const booking = await this.bookings.find(bookingId);
      const elder = booking ? await this.elders.findById(booking.elderId) : null;
      return { bookingId, elderMaskedName: elder ? this.elders.maskedName(elder) : '*', status: booking?.status ?? 'cancelled' };
    }));
    const done = stops.every((s) => FINISHED.has(s.status)) || this.now().getTime() >= task.windowEndsAt.getTime();
    const status: DeliveryTaskStatus = done ? 'done' : claim ? 'claimed' : 'offered';
    return {
      id: task._id, pointId: task.pointId, pointName: point.name, pointAddress: point.address, date: task.date, meal: task.meal,
      windowStartsAt: task.windowStartsAt.toISOString(), windowEndsAt: task.windowEndsAt.toISOString(), status,
      volunteerUserId: claim?.volunteerUserId ?? null, stops,
    };
  }
}
