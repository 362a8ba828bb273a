import type {
  CreateElderInput,
  CareMapView, CreateMealBookingInput, DailyMenuView, ElderView, GeoPoint, MealBookingView, MealCode, MealPointView, NeedSearchItem, Page,
} from '@tongxin/shared';
import { api } from '@/services/api';

export interface CareMapFilter {
  near: GeoPoint;
  radiusKm: number;
  date: string;
  meal: MealCode;
  /** Only meal points with places left for `date` + `meal`. */
  available: boolean;
  /** Prices after this elder's subsidy. */
  elderId?: string;
}

const nearText = (p: GeoPoint) => `${p.lat.toFixed(5)},${p.lng.toFixed(5)}`;

export const careMapKey = (f: CareMapFilter) => ['care-map', nearText(f.near), f.radiusKm, f.date, f.meal, f.available, f.elderId ?? ''] as const;
export const needsNearKey = (near: GeoPoint, radiusKm: number) => ['needs', 'near', nearText(near), radiusKm] as const;
export const myEldersKey = ['me', 'elders'] as const;
export const mealPointKey = (id: string) => ['meal-points', id] as const;
export const menuKey = (id: string, date: string) => ['meal-points', id, 'menu', date] as const;

/** Meal points and service stations near a place, nearest first, with places left and price for the meal. */
export function fetchCareMap(f: CareMapFilter): Promise<CareMapView> {
  return api.get<CareMapView>('/meal-points', {
    near: nearText(f.near), radiusKm: f.radiusKm, date: f.date, meal: f.meal, available: f.available ? 'true' : undefined, elderId: f.elderId, limit: 30,
  });
}

/** Open volunteer needs near a place, nearest first. */
export function fetchNeedsNear(near: GeoPoint, radiusKm: number): Promise<Page<NeedSearchItem>> {
  return api.get<Page<NeedSearchItem>>('/needs', { near: nearText(near), radiusKm, sort: 'nearest', limit: 30 });
}

/** Registers an elder (community staff, or a family member with consent, who is then linked). */
export function createElder(body: CreateElderInput): Promise<ElderView> {
  return api.post<ElderView>('/elders', body);
}

/** The elders the signed-in user may book for (linked relatives). */
export async function fetchMyElders(): Promise<ElderView[]> {
  return (await api.get<{ items: ElderView[] }>('/me/elders')).items;
}

export function fetchMealPoint(id: string): Promise<MealPointView> {
  return api.get<MealPointView>(`/meal-points/${id}`);
}

export function fetchMenu(id: string, date: string): Promise<DailyMenuView> {
  return api.get<DailyMenuView>(`/meal-points/${id}/menus/${date}`);
}

export function bookMeal(pointId: string, body: CreateMealBookingInput): Promise<MealBookingView> {
  return api.post<MealBookingView>(`/meal-points/${pointId}/bookings`, body);
}
