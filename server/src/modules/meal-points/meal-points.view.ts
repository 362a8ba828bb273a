import type { MealPointView } from '@tongxin/shared';
import type { MealPointRecord } from './meal-points.repository';

export function toMealPointView(point: MealPointRecord, rating: { average: number | null; count: number }): MealPointView {
  return {
    id: point._id.toHexString(),
    kind: point.kind,
    name: point.name,
    operator: {
      type: point.operator.type,
      name: point.operator.name,
      ...(point.operator.organizationId ? { organizationId: point.operator.organizationId } : {}),
    },
    communityCode: point.communityCode,
    districtCode: point.districtCode,
    address: point.address,
    location: { lat: point.location.lat, lng: point.location.lng },
    serviceRadiusKm: point.serviceRadiusKm,
    meals: point.meals.map(({ meal, servesFrom, servesUntil, bookingCutoff, capacity, priceFen }) =>
      ({ meal, servesFrom, servesUntil, bookingCutoff, capacity, priceFen })),
    modes: [...point.modes],
    openingDays: [...point.openingDays],
    accessibilityNotes: point.accessibilityNotes,
    contactPhone: point.contactPhone,
    rating,
    createdAt: point.createdAt.toISOString(),
    updatedAt: point.updatedAt.toISOString(),
  };
}

/** Who a point belongs to, for the access table. */
export function pointScope(point: MealPointRecord) {
  return { mealPointId: point._id.toHexString(), operatorUserIds: point.operatorUserIds, communityCode: point.communityCode };
}
