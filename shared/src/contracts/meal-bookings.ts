import { z } from './zod';
import { objectIdSchema } from './common';
import { localDaySchema, MEAL_CODES, SERVICE_MODE_CODES, type MealCode, type ServiceMode } from './meal-points';
import type { MealPrice } from '../domain/meal-subsidy';

export const createMealBookingSchema = z.strictObject({
  elderId: objectIdSchema,
  date: localDaySchema,
  meal: z.enum(MEAL_CODES, { message: '餐次只能是早餐、午餐或晚餐' }),
  mode: z.enum(SERVICE_MODE_CODES, { message: '服务方式只能是堂食或送餐' }),
});
export type CreateMealBookingInput = z.infer<typeof createMealBookingSchema>;

export const mealBookingParamsSchema = z.strictObject({ id: objectIdSchema });
export const dayViewQuerySchema = z.strictObject({ date: localDaySchema });
export const pickupSchema = z.strictObject({ code: z.string().min(3, '取餐码不正确').max(64, '取餐码不正确') });
export const mealRatingSchema = z.strictObject({
  stars: z.number().int('评分须为整数').min(1, '评分为 1—5 星').max(5, '评分为 1—5 星'),
  comment: z.string().trim().max(200, '评价最多 200 个字').default(''),
});
export type MealRatingInput = z.infer<typeof mealRatingSchema>;

export type MealBookingStatus = 'booked' | 'cancelled' | 'served' | 'delivered' | 'missed';

export interface MealBookingView {
  id: string;
  pointId: string;
  elderId: string;
  elderMaskedName: string;
  date: string;
  meal: MealCode;
  mode: ServiceMode;
  status: MealBookingStatus;
  price: MealPrice;
  /** UTC instant after which the booking can no longer be cancelled. */
  bookingCutoffAt: string;
  bookedBy: string;
  createdAt: string;
}

/** The operator's day: every booking of a date, by meal. */
export interface MealPointDayView {
  pointId: string;
  date: string;
  meals: Array<{ meal: MealCode; capacity: number; booked: number; bookings: MealBookingView[] }>;
}

/** The operator names the volunteer who delivers a delivery booking. */
export const assignDeliverySchema = z.strictObject({ volunteerUserId: objectIdSchema });

/** A delivery booking's assigned volunteer and the window in which they may see the address (UTC instants). */
export interface DeliveryView {
  bookingId: string;
  volunteerUserId: string;
  windowStartsAt: string;
  windowEndsAt: string;
}

/** The elder's delivery address, unsealed for the point's operators and (in the window) the assigned volunteer. */
export interface DeliveryAddressView {
  bookingId: string;
  elderMaskedName: string;
  address: string;
  windowEndsAt: string;
}
