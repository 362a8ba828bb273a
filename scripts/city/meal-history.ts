import { Types, type mongo } from 'mongoose';
import { isoWeekdayOf, shanghaiInstant } from '@tongxin/shared';
import { BulkWriter } from './bulk-writer';
import { carePoints } from './care-points';
import { CityGeography } from './geography';
import { CityRandom } from './random';

const DAY_MS = 86_400_000;

export interface MealHistoryOptions {
  seed: number;
  /** Shanghai date of the city's "today": bookings run from `days` before it to `ahead` days after. */
  today: string;
  days: number;
  ahead: number;
  /** Care points drawn (four in five are meal points). */
  points: number;
  batchSize: number;
  /** Batches written at once (default 2). */
  inFlight?: number;
  /** Progress lines while writing. */
  log?: (line: string) => void;
}

export interface MealHistoryReport {
  mealPoints: number;
  bookings: number;
}

const PAST_OUTCOMES = [['served', 0.7], ['delivered', 0.1], ['missed', 0.08], ['cancelled', 0.12]] as const;

/**
 * Meal points (`scripts/city/care-points.ts`, small capacities so use varies from idle to full) and
 * their bookings on each open day and meal: past days closed as served, delivered, missed or
 * cancelled; today and later booked or cancelled. Every booking not cancelled holds its portion in
 * `meal_places` (`<pointId>#<date>#<meal>#<n>`), as the meal points module keeps them, so its live
 * counts rebuild to the bookings. Documents have the shapes that module stores.
 */
export async function generateMealHistory(db: mongo.Db, options: MealHistoryOptions): Promise<MealHistoryReport> {
  const random = new CityRandom(options.seed, 'meal-history');
  const writer = new BulkWriter(db, options);
  const report: MealHistoryReport = { mealPoints: 0, bookings: 0 };
  const createdBy = new Types.ObjectId();
  const dates = Array.from({ length: options.days + 1 + options.ahead }, (_, i) => addDays(options.today, i - options.days));
  for (const generated of carePoints(random.fork('points'), new CityGeography(), options.points, createdBy)) {
    const point = { ...generated, meals: generated.meals.map((m) => ({ ...m, capacity: random.int(3, 12) })) };
    await writer.add('meal_points', point);
    if (point.kind !== 'meal_point') continue;
    report.mealPoints++;
    const pointId = point._id.toHexString();
    for (const date of dates) {
      if (!point.openingDays.includes(isoWeekdayOf(date))) continue;
      for (const meal of point.meals) {
        const wanted = random.chance(0.2) ? meal.capacity : random.int(0, meal.capacity);
        for (let place = 1; place <= wanted; place++) {
          await writeBooking(writer, random, { pointId, date, meal, place, past: date < options.today });
          report.bookings++;
        }
      }
    }
  }
  await writer.flush();
  return report;
}

interface BookingFacts {
  pointId: string;
  date: string;
  meal: { meal: string; capacity: number; priceFen: number; bookingCutoff: string; servesUntil: string };
  place: number;
  past: boolean;
}

async function writeBooking(writer: BulkWriter, random: CityRandom, { pointId, date, meal, place, past }: BookingFacts): Promise<void> {
  const cutoff = shanghaiInstant(date, meal.bookingCutoff);
  const createdAt = new Date(cutoff.getTime() - random.int(1, 48) * 3_600_000);
  const _id = random.objectId(createdAt);
  const status = past ? outcome(random) : random.chance(0.1) ? 'cancelled' : 'booked';
  const pool = `${pointId}#${date}#${meal.meal}`;
  await writer.add('meal_bookings', {
    _id, pointId, elderId: random.objectId(createdAt).toHexString(), date, meal: meal.meal, mode: status === 'delivered' ? 'delivery' : 'dine_in',
    place, subsidyPlaces: null, priceFen: meal.priceFen, subsidyFen: 0, payableFen: meal.priceFen, subsidyReason: 'not_eligible',
    bookingCutoffAt: cutoff, servesUntilAt: shanghaiInstant(date, meal.servesUntil), status, bookedBy: random.objectId(createdAt).toHexString(),
    ...(status === 'booked' ? {} : { closedAt: new Date(cutoff.getTime() + DAY_MS / 8) }), createdAt, updatedAt: createdAt, __v: 0,
  });
  if (status !== 'cancelled') await writer.add('meal_places', { _id: `${pool}#${place}`, pool, holder: _id.toHexString(), claimedAt: createdAt });
}

function outcome(random: CityRandom): string {
  let draw = random.float();
  for (const [status, share] of PAST_OUTCOMES) {
    if (draw < share) return status;
    draw -= share;
  }
  return 'served';
}

function addDays(date: string, days: number): string {
  return new Date(Date.parse(`${date}T00:00:00Z`) + days * DAY_MS).toISOString().slice(0, 10);
}
