import {
  deliveryCandidatesQuerySchema,
  type Actor, type CandidateView, type DeliveryCandidatesView, type DeliveryInviteeStatus, type DeliveryInviteeView, type DeliveryInvitationsView,
} from '@tongxin/shared';
import { authorize } from '../../access';
import { ConflictError, NotFoundError, ValidationError } from '../../../platform/errors';
import type { MealPointRecord } from '../meal-points.repository';
import type { MealPointsService } from '../meal-points.service';
import { pointScope } from '../meal-points.view';
import type { DeliveryTaskClaimRecord, DeliveryTaskOfferRecord, DeliveryTaskRecord, DeliveryTasksRepository } from './delivery-tasks.repository';
import { deliverySearch, type DeliveryCandidates, type DeliveryTasks } from './delivery-tasks.service';
import type { DeliveryTaskViews } from './delivery-tasks.views';

/** Volunteers' names, from the volunteers module (wired in runtime.ts). */
export interface VolunteerNames {
  /** "李*" by volunteer id. */
  masked(ids: string[]): Promise<Map<string, string>>;
  /** Real names: asked only for a volunteer who took a task of the asking operator's point. */
  real(ids: string[]): Promise<Map<string, string>>;
}

/** How far down the engine's ranking an operator may pick (the picker's largest page). */
const PICKABLE = 50;
/** Candidates returned with an invitation's answer: the picker's default page. */
const SHOWN = deliveryCandidatesQuerySchema.parse({}).limit;

const round3 = (x: number) => Math.round(x * 1000) / 1000;
const ANSWER_ORDER: Record<DeliveryInviteeStatus, number> = { accepted: 0, invited: 1, declined: 2, missed: 3 };

/**
 * The operator's delivery-volunteer picker: for one task of their point, nearby volunteers with the
 * delivery skill ranked by the matching engine (the same query, radius and score as the offers made
 * when the task formed), with reasons and masked names, and inviting some of them. An invitation is
 * the task's ordinary offer (notice, accept or decline, first taker wins), so there is one machinery.
 * Names open only for the volunteer who took the task.
 */
export class DeliveryVolunteerPicker {
  constructor(
    private readonly repository: DeliveryTasksRepository,
    private readonly points: MealPointsService,
    private readonly tasks: DeliveryTasks,
    private readonly views: DeliveryTaskViews,
    private readonly candidates: DeliveryCandidates,
    private readonly names: VolunteerNames,
    private readonly now: () => Date = () => new Date(),
  ) {}

  async candidatesFor(actor: Actor, taskId: string, limit: number): Promise<DeliveryCandidatesView> {
    const { task, point } = await this.operated(actor, taskId);
    return this.view(task, point, limit);
  }

  /** Invites picked volunteers; each must be one the engine proposes for this task, so no arbitrary account is summoned. */
  async invite(actor: Actor, taskId: string, volunteerIds: string[]): Promise<DeliveryInvitationsView> {
    const { task, point } = await this.operated(actor, taskId);
    if (await this.repository.claimOf(taskId)) throw new ConflictError('DELIVERY_TASK_TAKEN');
    if (this.now().getTime() >= task.windowEndsAt.getTime()) throw new ConflictError('DELIVERY_TASK_CLOSED');
    const offered = new Set((await this.repository.offersOf(taskId)).map((o) => o.userId));
    const fresh = volunteerIds.filter((id) => !offered.has(id));
    const ranked = fresh.length === 0 ? [] : await this.candidates.rank(deliverySearch(task, point), point.serviceRadiusKm, PICKABLE, offered);
    const scores = new Map(ranked.map((r) => [r.id, r.score]));
    const outside = fresh.filter((id) => !scores.has(id));
    if (outside.length > 0) {
      throw new ValidationError(outside.map((id) => ({
        path: `volunteerIds.${volunteerIds.indexOf(id)}`, message: '该志愿者不在这次送餐的推荐名单中，请刷新后重新选择',
      })));
    }
    let invited = 0;
    for (const id of fresh) if (await this.tasks.offerTo(task, point.name, id, scores.get(id)!, actor.userId)) invited++;
    return { invited, ...(await this.view(task, point, SHOWN)) };
  }

  /** The task and its point, for the point's own operators only. */
  private async operated(actor: Actor, taskId: string): Promise<{ task: DeliveryTaskRecord; point: MealPointRecord }> {
    const task = await this.repository.findTask(taskId);
    if (!task) throw new NotFoundError('送餐任务不存在');
    const point = await this.points.require(task.pointId);
    authorize(actor, 'delivery-task:invite', pointScope(point));
    return { task, point };
  }

  private async view(task: DeliveryTaskRecord, point: MealPointRecord, limit: number): Promise<DeliveryCandidatesView> {
    const [claim, offers] = await Promise.all([this.repository.claimOf(task._id), this.repository.offersOf(task._id)]);
    const open = !claim && this.now().getTime() < task.windowEndsAt.getTime();
    const [candidates, invitees, taskView] = await Promise.all([
      open ? this.ranked(task, point, limit, new Set(offers.map((o) => o.userId))) : Promise.resolve([]),
      this.invitees(offers, claim),
      this.views.present(task, claim),
    ]);
    return { task: taskView, radiusKm: point.serviceRadiusKm, candidates, invitees };
  }

  private async ranked(task: DeliveryTaskRecord, point: MealPointRecord, limit: number, offered: Set<string>): Promise<CandidateView[]> {
    const ranked = await this.candidates.rank(deliverySearch(task, point), point.serviceRadiusKm, limit, offered);
    const names = await this.names.masked(ranked.map((r) => r.id));
    return ranked.map((r) => ({ volunteerId: r.id, maskedName: names.get(r.id) ?? '志愿者', score: round3(r.score), reasons: r.reasons }));
  }

  private async invitees(offers: DeliveryTaskOfferRecord[], claim: DeliveryTaskClaimRecord | null): Promise<DeliveryInviteeView[]> {
    const taker = claim?.volunteerUserId;
    const [masked, real] = await Promise.all([this.names.masked(offers.map((o) => o.userId)), this.names.real(taker ? [taker] : [])]);
    const statusOf = (o: DeliveryTaskOfferRecord): DeliveryInviteeStatus =>
      (o.userId === taker ? 'accepted' : o.declinedAt ? 'declined' : taker ? 'missed' : 'invited');
    const views = offers.map((o): DeliveryInviteeView => ({
      volunteerId: o.userId,
      name: (o.userId === taker ? real.get(o.userId) : undefined) ?? masked.get(o.userId) ?? '志愿者',
      status: statusOf(o), invitedBy: o.invitedBy ? 'operator' : 'matching', invitedAt: o.at.toISOString(),
    }));
    return views.sort((a, b) => ANSWER_ORDER[a.status] - ANSWER_ORDER[b.status] || a.invitedAt.localeCompare(b.invitedAt));
  }
}
