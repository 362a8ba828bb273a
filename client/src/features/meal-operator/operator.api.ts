import type {
  DailyMenuInput, DailyMenuView, DeliveryAddressView, DeliveryCandidatesView, DeliveryInvitationsView, DeliveryTaskView, DeliveryView,
  InviteDeliveryVolunteersInput, MealBookingView, MealPointDayView, MealPointView, UpdateMealPointInput,
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

export const deliveryTasksKey = (pointId: string, date: string) => ['operator', 'delivery-tasks', pointId, date] as const;
export const deliveryCandidatesKey = (taskId: string) => ['operator', 'delivery-candidates', taskId] as const;

/** The point's delivery tasks of one day (formed at each meal's booking cut-off). */
export async function fetchDeliveryTasks(pointId: string, date: string): Promise<DeliveryTaskView[]> {
  return (await api.get<{ items: DeliveryTaskView[] }>(`/meal-points/${pointId}/delivery-tasks`, { date })).items;
}

/** One task's picker: nearby volunteers with the 送餐 skill not yet invited, and those invited with their answers. */
export function fetchDeliveryCandidates(taskId: string): Promise<DeliveryCandidatesView> {
  return api.get<DeliveryCandidatesView>(`/delivery-tasks/${taskId}/candidates`, { limit: 10 });
}

export function inviteDeliveryVolunteers(taskId: string, volunteerIds: string[]): Promise<DeliveryInvitationsView> {
  return api.post<DeliveryInvitationsView>(`/delivery-tasks/${taskId}/invitations`, { volunteerIds } satisfies InviteDeliveryVolunteersInput);
}
