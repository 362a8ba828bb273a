import type { DeliveryAddressView, DeliveryTaskView, MealBookingView } from '@tongxin/shared';
import { api } from '@/services/api';

export const myDeliveryTasksKey = ['me', 'delivery-tasks'] as const;

/** Delivery tasks offered to the volunteer (still open) and those they took whose window has not ended. */
export async function fetchMyDeliveryTasks(): Promise<DeliveryTaskView[]> {
  return (await api.get<{ items: DeliveryTaskView[] }>('/me/delivery-tasks')).items;
}

export function acceptDeliveryTask(taskId: string): Promise<DeliveryTaskView> {
  return api.post<DeliveryTaskView>(`/delivery-tasks/${taskId}/accept`, {});
}

export function declineDeliveryTask(taskId: string): Promise<{ taskId: string; declined: true }> {
  return api.post<{ taskId: string; declined: true }>(`/delivery-tasks/${taskId}/decline`, {});
}

/** The elder's address: opens for the volunteer who took the task only inside the delivery window. */
export function fetchStopAddress(bookingId: string): Promise<DeliveryAddressView> {
  return api.get<DeliveryAddressView>(`/meal-bookings/${bookingId}/delivery-address`);
}

export function confirmDelivered(bookingId: string): Promise<MealBookingView> {
  return api.post<MealBookingView>(`/meal-bookings/${bookingId}/delivered`, {});
}
