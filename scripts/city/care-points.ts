import type { Types } from 'mongoose';
import type { CityGeography } from './geography';
import type { CityRandom } from './random';

const MEAL_SHARE = 0.8;

/**
 * Meal points and elderly service stations across the city: a community drawn by population, a
 * point around its centre; four in five serve lunch (most also dinner, some breakfast), the rest are
 * service stations. Documents have the shape the meal-points module stores.
 */
export function* carePoints(random: CityRandom, geography: CityGeography, count: number, createdBy: Types.ObjectId) {
  const now = new Date();
  for (let i = 0; i < count; i++) {
    const community = geography.community(random);
    const location = geography.pointIn(random, community);
    const mealPoint = random.chance(MEAL_SHARE);
    const capacity = random.int(2, 12) * 10;
    const meals = !mealPoint ? [] : [
      ...(random.chance(0.3) ? [{ meal: 'breakfast', servesFrom: '07:00', servesUntil: '09:00', bookingCutoff: '06:00', capacity, priceFen: random.int(3, 6) * 100 }] : []),
      { meal: 'lunch', servesFrom: '11:00', servesUntil: '13:00', bookingCutoff: '09:30', capacity, priceFen: random.int(10, 16) * 100 },
      ...(random.chance(0.7) ? [{ meal: 'dinner', servesFrom: '17:00', servesUntil: '19:00', bookingCutoff: '15:00', capacity, priceFen: random.int(8, 14) * 100 }] : []),
    ];
    yield {
      _id: random.objectId(now),
      kind: mealPoint ? 'meal_point' : 'service_station',
      name: `${community.name}${mealPoint ? '长者食堂' : '养老服务站'}${i % 3 === 0 ? '' : i % 3}`,
      operator: { type: 'community', name: `${community.name}居委会` },
      communityCode: community.code,
      districtCode: community.code.slice(0, 6),
      address: `${community.name}服务中心`,
      location,
      serviceRadiusKm: 3,
      meals,
      modes: mealPoint && random.chance(0.6) ? ['dine_in', 'delivery'] : ['dine_in'],
      openingDays: random.chance(0.8) ? [1, 2, 3, 4, 5, 6, 7] : [1, 2, 3, 4, 5],
      accessibilityNotes: random.chance(0.5) ? '无障碍通道' : '',
      contactPhone: `028-${random.int(80000000, 89999999)}`,
      operatorUserIds: [],
      createdBy,
      createdAt: now,
      updatedAt: now,
    };
  }
}
