import type { MealBookingView } from '@tongxin/shared';
import type { MealBookingRecord } from './meal-bookings.repository';

export function toBookingView(booking: MealBookingRecord, elderMaskedName: string): MealBookingView {
  return {
    id: booking._id.toHexString(),
    pointId: booking.pointId,
    elderId: booking.elderId,
    elderMaskedName,
    date: booking.date,
    meal: booking.meal,
    mode: booking.mode,
    status: booking.status,
    price: { priceFen: booking.priceFen, subsidyFen: booking.subsidyFen, payableFen: booking.payableFen, reason: booking.subsidyReason },
    bookingCutoffAt: booking.bookingCutoffAt.toISOString(),
    bookedBy: booking.bookedBy,
    createdAt: booking.createdAt.toISOString(),
  };
}
