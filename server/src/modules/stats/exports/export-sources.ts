import type { mongo } from 'mongoose';
import { CITY_CODE, isoWeekdayOf, type MealCode } from '@tongxin/shared';
import { addDays, dayStart } from '../stats.areas';
import type { StatsRange } from '../stats.queries';

/** One meal at one point on one day: portions offered and what became of the bookings. */
export interface MealUseRow {
  pointId: string;
  pointName: string;
  communityCode: string;
  date: string;
  meal: MealCode;
  /** Portions offered that day (0 when the point was closed but still had bookings). */
  capacity: number;
  /** Bookings not cancelled. */
  booked: number;
  /** Served at the point or delivered. */
  served: number;
  missed: number;
}

/** One hours-ledger line of a community's sign-up. */
export interface HoursLine {
  id: string;
  userId: string;
  kind: string;
  category: string;
  minutes: number;
  recordedAt: Date;
  needTitle: string;
  shiftStartsAt: Date;
}

/** A meal point as the statistics read it from the store (exports and the meal-use window). */
export interface PointRow {
  _id: { toHexString(): string };
  kind: string;
  name: string;
  communityCode: string;
  openingDays: number[];
  meals: Array<{ meal: MealCode; capacity: number }>;
}

const MEAL_ORDER: Record<string, number> = { breakfast: 0, lunch: 1, dinner: 2 };

/**
 * The raw reads behind the two exports that grow with the city (meal-point use, a community's hours).
 * Like the roll-up's `RawStatsSource`, it reads the other modules' collections by name and never
 * writes them; filters are top-level equalities and ranges (indexed on MongoDB, scanned on FerretDB),
 * results stream so an export holds one community's sign-ups or one area's point-days at most.
 */
export class ExportSources {
  constructor(private readonly db: mongo.Db) {}

  /** Meal-point use per point, day and meal in the area, by point then date then meal. */
  async mealUse(range: StatsRange): Promise<MealUseRow[]> {
    const points = await this.pointsIn(range.areaCode);
    const counts = new Map<string, { booked: number; served: number; missed: number }>();
    const bookings = this.db.collection('meal_bookings').find(
      { date: { $gte: range.from, $lte: range.to } },
      { projection: { pointId: 1, date: 1, meal: 1, status: 1 }, batchSize: 5000 },
    ) as unknown as AsyncIterable<{ pointId: string; date: string; meal: string; status: string }>;
    for await (const b of bookings) {
      if (!points.has(b.pointId) || b.status === 'cancelled') continue;
      const key = `${b.pointId}#${b.date}#${b.meal}`;
      const count = counts.get(key) ?? { booked: 0, served: 0, missed: 0 };
      count.booked += 1;
      if (b.status === 'served' || b.status === 'delivered') count.served += 1;
      if (b.status === 'missed') count.missed += 1;
      counts.set(key, count);
    }
    const rows: MealUseRow[] = [];
    for (const [pointId, point] of [...points].sort((a, b) => a[1].name.localeCompare(b[1].name, 'zh') || a[0].localeCompare(b[0]))) {
      for (const date of range.dates) {
        const open = point.openingDays.includes(isoWeekdayOf(date));
        for (const meal of [...point.meals].sort((a, b) => (MEAL_ORDER[a.meal] ?? 9) - (MEAL_ORDER[b.meal] ?? 9))) {
          const count = counts.get(`${pointId}#${date}#${meal.meal}`);
          if (!open && !count) continue;
          rows.push({
            pointId, pointName: point.name, communityCode: point.communityCode, date, meal: meal.meal,
            capacity: open ? meal.capacity : 0, booked: count?.booked ?? 0, served: count?.served ?? 0, missed: count?.missed ?? 0,
          });
        }
      }
    }
    return rows;
  }

  /**
   * Hours-ledger lines recorded in the range on sign-ups of one community, in ledger order (unsorted:
   * a sort would make the store hold every line at once). The community's sign-ups are held in memory (one community: thousands at most); the
   * ledger streams.
   */
  async *communityHours(communityCode: string, range: StatsRange): AsyncGenerator<HoursLine> {
    const signUps = new Map<string, { needTitle: string; startsAt: Date }>();
    const enrollments = this.db.collection('enrollments').find(
      { communityCode }, { projection: { needTitle: 1, startsAt: 1 }, batchSize: 5000 },
    ) as unknown as AsyncIterable<{ _id: string; needTitle: string; startsAt: Date }>;
    for await (const e of enrollments) signUps.set(String(e._id), { needTitle: e.needTitle, startsAt: e.startsAt });
    if (signUps.size === 0) return;
    const ledger = this.db.collection('service_hours').find(
      { createdAt: { $gte: dayStart(range.from), $lt: dayStart(addDays(range.to, 1)) } },
      { projection: { enrollmentId: 1, userId: 1, kind: 1, category: 1, minutes: 1, createdAt: 1 }, batchSize: 5000 },
    ) as unknown as AsyncIterable<{ _id: string; enrollmentId: string; userId: { toHexString(): string }; kind: string; category: string; minutes: number; createdAt: Date }>;
    for await (const h of ledger) {
      const signUp = signUps.get(h.enrollmentId);
      if (!signUp) continue;
      yield {
        id: h._id, userId: h.userId.toHexString(), kind: h.kind, category: h.category, minutes: h.minutes,
        recordedAt: h.createdAt, needTitle: signUp.needTitle, shiftStartsAt: signUp.startsAt,
      };
    }
  }

  private async pointsIn(areaCode: string): Promise<Map<string, PointRow>> {
    const filter = areaCode === CITY_CODE ? {} : { districtCode: areaCode.slice(0, 6) };
    const found = await this.db.collection('meal_points').find(filter, {
      projection: { kind: 1, name: 1, communityCode: 1, openingDays: 1, meals: 1 },
    }).toArray() as unknown as PointRow[];
    return new Map(found.filter((p) => p.kind === 'meal_point' && p.communityCode.startsWith(areaCode === CITY_CODE ? '' : areaCode))
      .map((p) => [p._id.toHexString(), p]));
  }
}
