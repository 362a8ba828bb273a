import { Types } from 'mongoose';
import {
  isoWeekdayOf, shanghaiInstant,
  type Actor, type CreateMealBookingInput, type MealBookingStatus, type MealBookingView, type MealPointDayView, type MealRatingInput,
} from '@tongxin/shared';
import { authorize } from '../../access';
import { AppError, ConflictError, NotFoundError, ValidationError } from '../../../platform/errors';
import type { RotatingCode, RotatingCodes } from '../../../platform/rotating-codes';
import type { EldersService } from '../elders/elders.service';
import type { MealPointsService } from '../meal-points.service';
import { pointScope } from '../meal-points.view';
import type { MealRatings } from '../meal-ratings';
import type { SubsidyRulesStore } from '../subsidy-rules';
import type { MealBookingRecord, MealBookingsRepository } from './meal-bookings.repository';
import { toBookingView } from './meal-bookings.view';
import { mealPool, type MealPlaces } from './meal-places';

/** What happens around a booking's life that other parts (reminders, welfare checks, deliveries) hang on. */
export interface BookingHooks {
  booked?(booking: MealBookingRecord): Promise<void>;
  closed?(booking: MealBookingRecord, outcome: MealBookingStatus): Promise<void>;
}

/**
 * Meal bookings: one live booking per elder and meal; a portion of the meal's capacity and, when
 * subsidized, a day and a week place under the caps, all taken by insert-once documents.
 * A booking is closed once (cancelled, served, delivered or missed) through a close marker.
 */
export class MealBookingsService {
  constructor(
    private readonly repository: MealBookingsRepository,
    private readonly points: MealPointsService,
    private readonly elders: EldersService,
    private readonly places: MealPlaces,
    private readonly rules: SubsidyRulesStore,
    private readonly ratings: MealRatings,
    private readonly pickupCodes: RotatingCodes,
    private readonly hooks: BookingHooks = {},
    private readonly now: () => Date = () => new Date(),
  ) {}

  async book(actor: Actor, pointId: string, input: CreateMealBookingInput): Promise<MealBookingView> {
    const point = await this.points.require(pointId);
    const { elder, id: elderId, profile } = await this.elders.actingFor(actor, input.elderId);
    const service = point.meals.find((m) => m.meal === input.meal);
    if (point.kind !== 'meal_point' || !service || !point.openingDays.includes(isoWeekdayOf(input.date))) throw new ConflictError('MEAL_NOT_SERVED');
    if (!point.modes.includes(input.mode)) throw new ConflictError('MEAL_MODE_UNAVAILABLE');
    if (input.mode === 'delivery' && !elder.hasDeliveryAddress) {
      throw new ValidationError([{ path: 'mode', message: '这位老人没有登记送餐地址，无法送餐' }]);
    }
    const bookingCutoffAt = shanghaiInstant(input.date, service.bookingCutoff);
    if (this.now().getTime() >= bookingCutoffAt.getTime()) throw new ConflictError('BOOKING_CUTOFF_PASSED');

    const bookingId = new Types.ObjectId();
    const holder = bookingId.toHexString();
    const elderMeal = `${elderId}#${input.date}#${input.meal}`;
    if (!(await this.repository.claimElderMeal(elderMeal, holder))) throw new ConflictError('MEAL_ALREADY_BOOKED');
    const pool = mealPool(pointId, input.date, input.meal);
    const place = await this.places.claimPortion(pool, service.capacity, holder);
    if (place === null) {
      await this.repository.releaseElderMeal(elderMeal, holder);
      throw new ConflictError('MEAL_FULL');
    }
    const { price, places } = await this.places.claimSubsidy(elderId, profile, input.date, service.priceFen, await this.rules.current(), holder);
    const booking = await this.repository.insert({
      _id: bookingId, pointId, elderId, date: input.date, meal: input.meal, mode: input.mode, place, subsidyPlaces: places,
      priceFen: price.priceFen, subsidyFen: price.subsidyFen, payableFen: price.payableFen, subsidyReason: price.reason,
      bookingCutoffAt, servesUntilAt: shanghaiInstant(input.date, service.servesUntil), status: 'booked', bookedBy: actor.userId,
    });
    await this.hooks.booked?.(booking);
    return toBookingView(booking, this.elders.maskedName(elder));
  }

  async get(actor: Actor, bookingId: string): Promise<MealBookingView> {
    const { booking, elderName } = await this.readable(actor, bookingId);
    return toBookingView(booking, elderName);
  }

  /** Cancels before the cut-off: by whoever may act for the elder, or the point's operators. */
  async cancel(actor: Actor, bookingId: string): Promise<MealBookingView> {
    const { booking, elderName } = await this.readable(actor, bookingId);
    if (this.now().getTime() >= booking.bookingCutoffAt.getTime()) throw new ConflictError('BOOKING_CUTOFF_PASSED');
    const closed = await this.close(booking, 'cancelled');
    await this.places.releasePortion(mealPool(booking.pointId, booking.date, booking.meal), booking.place, bookingId);
    if (booking.subsidyPlaces) await this.places.releaseSubsidy(booking.elderId, booking.date, booking.subsidyPlaces, bookingId);
    await this.repository.releaseElderMeal(`${booking.elderId}#${booking.date}#${booking.meal}`, bookingId);
    return toBookingView(closed, elderName);
  }

  /** The rotating code the diner shows at the counter, while the booking is live. */
  async pickupCode(actor: Actor, bookingId: string): Promise<RotatingCode> {
    const { booking } = await this.readable(actor, bookingId);
    // The code proves the diner is at the counter: the operator who scans it must not be able to fetch it.
    await this.elders.actingFor(actor, booking.elderId);
    if (booking.status !== 'booked') throw new ConflictError('BOOKING_NOT_ACTIVE');
    return this.pickupCodes.issue(bookingId, this.now());
  }

  /** The operator scans the diner's code: the meal is served. */
  async pickup(actor: Actor, bookingId: string, code: string): Promise<MealBookingView> {
    const booking = await this.require(bookingId);
    await this.points.requireManaged(actor, booking.pointId);
    if (booking.mode !== 'dine_in') throw new ConflictError('MEAL_MODE_UNAVAILABLE', '送餐订单由送餐志愿者确认送达');
    if (!this.pickupCodes.verify(bookingId, code, this.now())) throw new AppError('PICKUP_CODE_INVALID');
    const closed = await this.close(booking, 'served');
    return toBookingView(closed, await this.elderName(booking.elderId));
  }

  async rate(actor: Actor, bookingId: string, input: MealRatingInput): Promise<{ rated: true }> {
    const { booking } = await this.readable(actor, bookingId);
    // Ratings are the diner's side: the point's own operators must not rate themselves.
    await this.elders.actingFor(actor, booking.elderId);
    if (booking.status !== 'served' && booking.status !== 'delivered') throw new ConflictError('RATING_NOT_ALLOWED');
    if (!(await this.ratings.rate(bookingId, booking.pointId, input.stars, input.comment, actor.userId))) throw new ConflictError('RATING_NOT_ALLOWED');
    return { rated: true };
  }

  /** The operator's day: every booking per meal, with capacity and places taken. */
  async dayView(actor: Actor, pointId: string, date: string): Promise<MealPointDayView> {
    const point = await this.points.requireManaged(actor, pointId);
    const bookings = await this.repository.forPointDay(pointId, date);
    const taken = await this.places.portionsTaken(point.meals.map((m) => mealPool(pointId, date, m.meal)));
    const elders = new Map<string, string>();
    for (const b of bookings) if (!elders.has(b.elderId)) elders.set(b.elderId, await this.elderName(b.elderId));
    return {
      pointId,
      date,
      meals: point.meals.map((m) => ({
        meal: m.meal,
        capacity: m.capacity,
        booked: taken.get(mealPool(pointId, date, m.meal)) ?? 0,
        bookings: bookings.filter((b) => b.meal === m.meal).map((b) => toBookingView(b, elders.get(b.elderId)!)),
      })),
    };
  }

  /** Closes a live booking with an outcome; CONFLICT when something closed it first. */
  async close(booking: MealBookingRecord, outcome: MealBookingStatus): Promise<MealBookingRecord> {
    const id = booking._id.toHexString();
    if (!(await this.repository.close(id, outcome))) throw new ConflictError('BOOKING_NOT_ACTIVE');
    const closed = (await this.repository.setStatus(id, outcome, this.now())) ?? { ...booking, status: outcome };
    await this.hooks.closed?.(closed, outcome);
    return closed;
  }

  /** Every booking of a point's day, any status (for jobs; routes go through `dayView`). */
  forPointDay(pointId: string, date: string): Promise<MealBookingRecord[]> {
    return this.repository.forPointDay(pointId, date);
  }

  /** The booking, or null (for jobs, which skip what is gone). */
  find(bookingId: string): Promise<MealBookingRecord | null> {
    return this.repository.findById(bookingId);
  }

  async require(bookingId: string): Promise<MealBookingRecord> {
    const booking = await this.repository.findById(bookingId);
    if (!booking) throw new NotFoundError('预订不存在');
    return booking;
  }

  /** A booking the actor may see: the elder's relatives and community officials, and the point's operators. */
  private async readable(actor: Actor, bookingId: string): Promise<{ booking: MealBookingRecord; elderName: string }> {
    const booking = await this.require(bookingId);
    const point = await this.points.require(booking.pointId);
    const elder = await this.elders.findById(booking.elderId);
    if (!elder) throw new NotFoundError('老人信息不存在');
    const linked = await this.elders.isRelative(booking.elderId, actor.userId);
    authorize(actor, 'meal-booking:read', {
      ...pointScope(point), communityCode: elder.communityCode, ...(linked ? { ownerUserId: actor.userId } : {}),
    });
    return { booking, elderName: this.elders.maskedName(elder) };
  }

  async present(booking: MealBookingRecord): Promise<MealBookingView> {
    return toBookingView(booking, await this.elderName(booking.elderId));
  }

  private async elderName(elderId: string): Promise<string> {
    const elder = await this.elders.findById(elderId);
    return elder ? this.elders.maskedName(elder) : '*';
  }
}
