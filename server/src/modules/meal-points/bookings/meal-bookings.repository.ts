import type { Connection, Model } from 'mongoose';
import type { MealBookingStatus } from '@tongxin/shared';
import { insertOnce } from '../../../platform/insert-once';
import { mealBookingModels, type BookingMarkerRecord, type MealBookingRecord } from './meal-bookings.model';

export type { MealBookingRecord };

const OBJECT_ID = /^[a-f0-9]{24}$/;

export class MealBookingsRepository {
  private readonly bookings: Model<MealBookingRecord>;
  private readonly markers: Model<BookingMarkerRecord>;

  constructor(connection: Connection) {
    ({ bookings: this.bookings, markers: this.markers } = mealBookingModels(connection));
  }

  /** Holds the elder's one live booking of a meal; false when another booking holds it. */
  claimElderMeal(key: string, bookingId: string): Promise<boolean> {
    return insertOnce(this.markers, { _id: key, bookingId, at: new Date() });
  }

  async releaseElderMeal(key: string, bookingId: string): Promise<void> {
    await this.markers.deleteOne({ _id: key, bookingId }).exec();
  }

  /** Closes a booking once: the first of cancel, pickup, delivery or missed wins; false for the others. */
  close(bookingId: string, outcome: MealBookingStatus): Promise<boolean> {
    return insertOnce(this.markers, { _id: `${bookingId}:closed`, bookingId, outcome, at: new Date() });
  }

  async insert(booking: Omit<MealBookingRecord, 'createdAt' | 'updatedAt'>): Promise<MealBookingRecord> {
    return (await this.bookings.create(booking)).toObject();
  }

  async findById(id: string): Promise<MealBookingRecord | null> {
    if (!OBJECT_ID.test(id)) return null;
    return this.bookings.findById(id).lean<MealBookingRecord>().exec();
  }

  /** Records the outcome the close marker decided (a plain update: only the marker's winner writes it). */
  async setStatus(id: string, status: MealBookingStatus, closedAt: Date): Promise<MealBookingRecord | null> {
    return this.bookings.findByIdAndUpdate(id, { $set: { status, closedAt } }, { returnDocument: 'after' }).lean<MealBookingRecord>().exec();
  }

  /** The operator's day (a scan on FerretDB; indexed on MongoDB). */
  async forPointDay(pointId: string, date: string): Promise<MealBookingRecord[]> {
    return this.bookings.find({ pointId, date }).sort({ _id: 1 }).lean<MealBookingRecord[]>().exec();
  }
}
