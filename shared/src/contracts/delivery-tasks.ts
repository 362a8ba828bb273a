import { z } from './zod';
import { objectIdSchema } from './common';
import { localDaySchema, type MealCode } from './meal-points';
import type { MealBookingStatus } from './meal-bookings';
import type { CandidateView } from './matching';

/** `<pointId>_<YYYY-MM-DD>_<meal>_<n>`: one batch of a meal's deliveries from one point (deterministic, so forming tasks twice makes nothing twice). */
export const deliveryTaskIdSchema = z.string().regex(/^[a-f0-9]{24}_\d{4}-\d{2}-\d{2}_(breakfast|lunch|dinner)_\d{1,3}$/, '送餐任务编号格式不正确');

export const deliveryTaskParamsSchema = z.strictObject({ id: deliveryTaskIdSchema });

export const pointDeliveryTasksQuerySchema = z.strictObject({ date: localDaySchema });

/** A formed task still offered, taken by a volunteer, or past (every meal delivered, or the window over). */
export type DeliveryTaskStatus = 'offered' | 'claimed' | 'done';

export interface DeliveryTaskStopView {
  bookingId: string;
  /** 王** (the address opens per booking, only in the window, through /meal-bookings/:id/delivery-address). */
  elderMaskedName: string;
  status: MealBookingStatus;
}

export interface DeliveryTaskView {
  id: string;
  pointId: string;
  pointName: string;
  pointAddress: string;
  date: string;
  meal: MealCode;
  /** UTC instants: an hour before serving starts to an hour after it ends. */
  windowStartsAt: string;
  windowEndsAt: string;
  status: DeliveryTaskStatus;
  /** The volunteer who took it; null while offered. */
  volunteerUserId: string | null;
  stops: DeliveryTaskStopView[];
}

export type DeliveryTaskParams = z.infer<typeof deliveryTaskParamsSchema>;

/** `GET /api/v1/delivery-tasks/:id/candidates?limit=`: nearby volunteers with the 送餐 skill for one task, best first. */
export const deliveryCandidatesQuerySchema = z.strictObject({
  limit: z.coerce.number({ message: '数量须为数字' }).int('数量须为整数').min(1, '数量至少为 1').max(50, '数量最多为 50').default(10),
});
export type DeliveryCandidatesQuery = z.infer<typeof deliveryCandidatesQuerySchema>;

/** `POST /api/v1/delivery-tasks/:id/invitations`: the operator invites volunteers picked from the candidates. */
export const inviteDeliveryVolunteersSchema = z.strictObject({
  volunteerIds: z.array(objectIdSchema).min(1, '请至少选择一位志愿者').max(10, '一次最多邀请 10 位志愿者')
    .refine((ids) => new Set(ids).size === ids.length, '志愿者不能重复选择'),
});
export type InviteDeliveryVolunteersInput = z.infer<typeof inviteDeliveryVolunteersSchema>;

/** An invited volunteer's answer so far; `missed`: another volunteer took the task first. */
export type DeliveryInviteeStatus = 'invited' | 'accepted' | 'declined' | 'missed';

export interface DeliveryInviteeView {
  volunteerId: string;
  /** Masked ("李*") until this volunteer takes the task; then the real name, so the operator knows who comes. */
  name: string;
  status: DeliveryInviteeStatus;
  /** Who invited: the matching engine when the task formed, or the point's operator from the picker. */
  invitedBy: 'matching' | 'operator';
  invitedAt: string;
}

/** The operator's picker for one task: the task, volunteers not yet invited (ranked, masked) and those invited. */
export interface DeliveryCandidatesView {
  task: DeliveryTaskView;
  /** The point's service radius searched, km. */
  radiusKm: number;
  /** Empty once the task is taken or its window is over: nobody left to invite. */
  candidates: CandidateView[];
  /** Accepted first, then waiting, declined and missed; each group in the order invited. */
  invitees: DeliveryInviteeView[];
}

export interface DeliveryInvitationsView extends DeliveryCandidatesView {
  /** Volunteers this call invited (those invited before are not told twice). */
  invited: number;
}
