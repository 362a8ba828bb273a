import { z } from './zod';
import { localDaySchema, type MealCode } from './meal-points';
import type { MealBookingStatus } from './meal-bookings';

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
