import { Schema, Types, type Connection, type Model } from 'mongoose';
import type { MealBookingStatus, MealCode, ServiceMode, SubsidyReason } from '@tongxin/shared';

export interface MealBookingRecord {
  _id: Types.ObjectId;
  pointId: string;
  elderId: string;
  date: string;
  meal: MealCode;
  mode: ServiceMode;
  /** Place number held in the meal's pool (`<pointId>#<date>#<meal>`). */
  place: number;
  /** Subsidy place numbers held for the elder's day and week, when subsidized. */
  subsidyPlaces: { day: number; week: number } | null;
  priceFen: number;
  subsidyFen: number;
  payableFen: number;
  subsidyReason: SubsidyReason;
  bookingCutoffAt: Date;
  servesUntilAt: Date;
  status: MealBookingStatus;
  bookedBy: string;
  closedAt?: Date;
  createdAt: Date;
  updatedAt: Date;
}

/**
 * Exactly-once markers: `<elderId>#<date>#<meal>` (one live booking per elder and meal, removed on
 * cancellation) and `<bookingId>:closed` (cancelled, served, delivered or missed: whichever comes first).
 */
export interface BookingMarkerRecord {
  _id: string;
  bookingId: string;
  outcome?: MealBookingStatus;
  at: Date;
}

const bookingSchema = new Schema<MealBookingRecord>(
  {
    pointId: { type: String, required: true },
    elderId: { type: String, required: true },
    date: { type: String, required: true },
    meal: { type: String, required: true },
    mode: { type: String, required: true },
    place: { type: Number, required: true },
    subsidyPlaces: { type: new Schema({ day: Number, week: Number }, { _id: false }), default: null },
    priceFen: { type: Number, required: true },
    subsidyFen: { type: Number, required: true },
    payableFen: { type: Number, required: true },
    subsidyReason: { type: String, required: true },
    bookingCutoffAt: { type: Date, required: true },
    servesUntilAt: { type: Date, required: true },
    status: { type: String, required: true },
    bookedBy: { type: String, required: true },
    closedAt: Date,
  },
  { timestamps: true, strict: 'throw', collection: 'meal_bookings' },
);
// The operator's day view and an elder's history.
bookingSchema.index({ pointId: 1, date: 1 });
bookingSchema.index({ elderId: 1, date: 1 });

const markerSchema = new Schema<BookingMarkerRecord>(
  {
    _id: { type: String, required: true },
    bookingId: { type: String, required: true },
    outcome: String,
    at: { type: Date, required: true },
  },
  { strict: 'throw', collection: 'meal_booking_markers', versionKey: false },
);

export function mealBookingModels(connection: Connection) {
  return {
    bookings: (connection.models.MealBooking as Model<MealBookingRecord> | undefined)
      ?? connection.model<MealBookingRecord>('MealBooking', bookingSchema),
    markers: (connection.models.MealBookingMarker as Model<BookingMarkerRecord> | undefined)
      ?? connection.model<BookingMarkerRecord>('MealBookingMarker', markerSchema),
  };
}
