import mongoose from 'mongoose';
import { generateCity } from '../../../scripts/city/city';
import { generateHistory } from '../../../scripts/city/history';
import { generateMealHistory } from '../../../scripts/city/meal-history';
import { checkInvariants } from '../../../scripts/lib/invariants';
import { testConfig } from '../../helpers/test-config';
import { dropTestState } from '../../helpers/test-state';

const TODAY = '2026-11-29';
const NOW = new Date(`${TODAY}T00:00:00Z`);

describe('the statistics bench’s generated city', () => {
  const config = testConfig();
  let connection: mongoose.Connection;

  beforeAll(async () => {
    connection = await mongoose.createConnection(config.MONGODB_URI, { dbName: config.MONGODB_DB }).asPromise();
  });
  afterAll(async () => {
    await connection.close();
    await dropTestState(config);
  });

  it('when a small city and its history are generated as bench:stats does, then every invariant holds: seats as the service writes them, within capacity, receipts for paid gifts', async () => {
    const db = connection.db!;
    await generateCity(db, { seed: 11, volunteers: 600, now: NOW, volunteerAccounts: false, enrollmentsPerVolunteer: 1, batchSize: 500, log: () => undefined });
    const history = await generateHistory(db, { seed: 11, now: NOW, days: 10, donorsPerDay: 0.2, batchSize: 500 });
    const meals = await generateMealHistory(db, { seed: 11, today: TODAY, days: 10, ahead: 1, points: 20, batchSize: 500 });

    const report = await checkInvariants({ db });
    expect(report.violations).toEqual([]);
    // The checks saw the generated city, not empty collections.
    const seats = await db.collection('shift_seats').find({}).toArray();
    expect(seats.length).toBeGreaterThan(100);
    expect(report.checked.enrollments).toBeGreaterThan(seats.length);
    expect(report.checked.receipts).toBe(history.donations);
    expect(report.checked.mealBookings).toBe(meals.bookings);
    // Each seat is held by a sign-up that points back at it, in its own shift.
    const enrollments = new Map((await db.collection('enrollments').find({}).toArray()).map((e) => [String(e._id), e]));
    for (const seat of seats) {
      const holder = enrollments.get(seat.holder as string)!;
      expect(['enrolled', 'no_show']).toContain(holder.status);
      expect(`${String(seat.pool)}#${String(holder.seat)}`).toBe(String(seat._id));
      expect(String(holder.shiftId)).toBe(seat.pool);
    }
    expect([...enrollments.values()].filter((e) => e.status !== 'cancelled')).toHaveLength(seats.length);
  }, 300_000);
});
