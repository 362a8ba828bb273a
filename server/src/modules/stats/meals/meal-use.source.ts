import type { mongo } from 'mongoose';
import { isoWeekdayOf } from '@tongxin/shared';
import type { PointRow } from '../exports/export-sources';

/** A meal point as a roll-up saw it: where it is and what it offers on each day it opens. */
export interface MealPointFacts {
  pointId: string;
  name: string;
  communityCode: string;
  /** ISO weekdays, 1 = Monday. */
  openingDays: number[];
  meals: Array<{ meal: string; capacity: number }>;
}

/** A point's use over some days: portions offered, bookings not cancelled, served or delivered, missed. */
export interface MealUse {
  capacity: number;
  booked: number;
  served: number;
  missed: number;
}

/** Numbers per day in `MealUseDays.use`, in `MealUse` order. */
export const USE_FIELDS = 4;

/** Every meal point's use on each day of `dates` (oldest first): `use.get(pointId)[day * USE_FIELDS + field]`. */
export interface MealUseDays {
  dates: string[];
  points: MealPointFacts[];
  use: Map<string, Int32Array>;
}

export const emptyUse = (): MealUse => ({ capacity: 0, booked: 0, served: 0, missed: 0 });

/** Sums a point's days `from`..`to` (indexes into its row, both included). */
export function sumDays(row: Int32Array, from: number, to: number): MealUse {
  const use = emptyUse();
  for (let day = from; day <= to; day++) {
    use.capacity += row[day * USE_FIELDS]!;
    use.booked += row[day * USE_FIELDS + 1]!;
    use.served += row[day * USE_FIELDS + 2]!;
    use.missed += row[day * USE_FIELDS + 3]!;
  }
  return use;
}

/**
 * Meal-point use straight from the meal points module's collections (`meal_points`, `meal_bookings`;
 * read by name, never written), one streamed pass each, the same definitions as the meal-points
 * export: a day's capacity is the sum of the point's meals when it opens that weekday (0 when closed);
 * bookings count for the point's current meals, unless cancelled. Used by the nightly roll-up of the
 * use window, and as the on-request baseline.
 */
export class MealUseSource {
  constructor(private readonly db: mongo.Db) {}

  async points(): Promise<MealPointFacts[]> {
    const found = await this.db.collection('meal_points').find({}, {
      projection: { kind: 1, name: 1, communityCode: 1, openingDays: 1, meals: 1 },
    }).toArray() as unknown as PointRow[];
    return found.filter((p) => p.kind === 'meal_point').map((p) => ({
      pointId: p._id.toHexString(), name: p.name, communityCode: p.communityCode, openingDays: p.openingDays ?? [],
      meals: (p.meals ?? []).map((m) => ({ meal: m.meal, capacity: m.capacity })),
    }));
  }

  async days(dates: string[]): Promise<MealUseDays> {
    const points = await this.points();
    const use = new Map<string, Int32Array>();
    const served = new Map(points.map((p) => [p.pointId, new Set(p.meals.map((m) => m.meal))]));
    for (const point of points) {
      const row = new Int32Array(dates.length * USE_FIELDS);
      const portions = point.meals.reduce((sum, m) => sum + m.capacity, 0);
      dates.forEach((date, day) => {
        if (point.openingDays.includes(isoWeekdayOf(date))) row[day * USE_FIELDS] = portions;
      });
      use.set(point.pointId, row);
    }
    if (dates.length === 0) return { dates, points, use };
    const dayOf = new Map(dates.map((date, day) => [date, day]));
    const bookings = this.db.collection('meal_bookings').find(
      { date: { $gte: dates[0], $lte: dates.at(-1) } },
      { projection: { pointId: 1, date: 1, meal: 1, status: 1 }, batchSize: 5000 },
    ) as unknown as AsyncIterable<{ pointId: string; date: string; meal: string; status: string }>;
    for await (const b of bookings) {
      const row = use.get(b.pointId);
      const day = dayOf.get(b.date);
      if (!row || day === undefined || b.status === 'cancelled' || !served.get(b.pointId)!.has(b.meal)) continue;
      row[day * USE_FIELDS + 1]! += 1;
      if (b.status === 'served' || b.status === 'delivered') row[day * USE_FIELDS + 2]! += 1;
      if (b.status === 'missed') row[day * USE_FIELDS + 3]! += 1;
    }
    return { dates, points, use };
  }
}
