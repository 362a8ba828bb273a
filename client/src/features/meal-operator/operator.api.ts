import type {
  DailyMenuInput, DailyMenuView, DeliveryAddressView, DeliveryView, MealBookingView, MealPointDayView, MealPointView, UpdateMealPointInput,
} from '@tongxin/shared';
import { api, request } from '@/services/api';

export const dayViewKey = (pointId: string, date: string) => ['operator', 'day', pointId, date] as const;

/** Every booking of one day at the operator's point, by meal, with capacity and count. */
export function fetchDay(pointId: string, date: string): Promise<MealPointDayView> {
  return api.get<MealPointDayView>(`/meal-points/${pointId}/bookings`, { date });
}

/** Confirms a dine-in meal served with the code the diner shows. */
export function confirmPickup(bookingId: string, code: string): Promise<MealBookingView> {
  return api.post<MealBookingView>(`/meal-bookings/${bookingId}/pickup`, { code });
}

export function assignDelivery(bookingId: string, volunteerUserId: string): Promise<DeliveryView> {
  return api.post<DeliveryView>(`/meal-bookings/${bookingId}/delivery`, { volunteerUserId });
}

export function fetchDeliveryAddress(bookingId: string): Promise<DeliveryAddressView> {
  return api.get<DeliveryAddressView>(`/meal-bookings/${bookingId}/delivery-address`);
}

export function updateMealPoint(pointId: string, body: UpdateMealPointInput): Promise<MealPointView> {
  return request<MealPointView>('PATCH', `/meal-points/${pointId}`, { body });
}

export function saveMenu(pointId: string, date: string, body: DailyMenuInput): Promise<DailyMenuView> {
  return api.put<DailyMenuView>(`/meal-points/${pointId}/menus/${date}`, body);
}
