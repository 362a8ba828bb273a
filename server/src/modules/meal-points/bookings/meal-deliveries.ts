import { Schema, type Connection, type Model } from 'mongoose';
import { shanghaiInstant, type Actor, type DeliveryAddressView, type DeliveryView } from '@tongxin/shared';
import { ConflictError, ForbiddenError, NotFoundError, ValidationError } from '../../../platform/errors';
import { insertOrExisting } from '../../../platform/insert-once';
import type { EldersService } from '../elders/elders.service';
import type { MealPointsService } from '../meal-points.service';
import type { MealBookingsService } from './meal-bookings.service';

/** Who delivers a booking; `_id` is the booking id, so a booking has one deliverer, assigned once. */
interface DeliveryRecord {
  _id: string;
  pointId: string;
  volunteerUserId: string;
  assignedBy: string;
  assignedAt: Date;
  /** The delivery window: the assigned volunteer may read the address only between these instants. */
  windowStartsAt: Date;
  windowEndsAt: Date;
}

const deliverySchema = new Schema<DeliveryRecord>(
  {
    _id: { type: String, required: true },
    pointId: { type: String, required: true },
    volunteerUserId: { type: String, required: true },
    assignedBy: { type: String, required: true },
    assignedAt: { type: Date, required: true },
    windowStartsAt: { type: Date, required: true },
    windowEndsAt: { type: Date, required: true },
  },
  { strict: 'throw', collection: 'meal_deliveries', versionKey: false },
);
deliverySchema.index({ volunteerUserId: 1 });

/** The window opens an hour before the meal is served and closes an hour after serving ends. */
const WINDOW_MARGIN_MS = 3_600_000;

/** A meal's delivery window on a day: an hour before serving starts to an hour after it ends. */
export function deliveryWindow(date: string, service: { servesFrom: string; servesUntil: string }): { startsAt: Date; endsAt: Date } {
  return {
    startsAt: new Date(shanghaiInstant(date, service.servesFrom).getTime() - WINDOW_MARGIN_MS),
    endsAt: new Date(shanghaiInstant(date, service.servesUntil).getTime() + WINDOW_MARGIN_MS),
  };
}

/**
 * Deliveries of meal bookings: the point's operator assigns a volunteer; the elder's address (sealed
 * at rest) opens only for the operator and, during the delivery window, for that volunteer, who then
 * confirms delivery.
 */
export class MealDeliveries {
  private readonly deliveries: Model<DeliveryRecord>;

  constructor(
    connection: Connection,
    private readonly bookings: MealBookingsService,
    private readonly points: MealPointsService,
    private readonly elders: EldersService,
    private readonly now: () => Date = () => new Date(),
  ) {
    this.deliveries = (connection.models.MealDelivery as Model<DeliveryRecord> | undefined)
      ?? connection.model<DeliveryRecord>('MealDelivery', deliverySchema);
  }

  async assign(actor: Actor, bookingId: string, volunteerUserId: string): Promise<DeliveryView> {
    const booking = await this.bookings.require(bookingId);
    const point = await this.points.requireManaged(actor, booking.pointId);
    if (booking.mode !== 'delivery') throw new ValidationError([{ path: 'bookingId', message: '这不是送餐订单' }]);
    if (booking.status !== 'booked') throw new ConflictError('BOOKING_NOT_ACTIVE');
    const service = point.meals.find((m) => m.meal === booking.meal)!;
    const existing = await this.record(booking, service, volunteerUserId, actor.userId);
    if (existing.volunteerUserId !== volunteerUserId) throw new ConflictError('CONFLICT', '该订单已安排送餐志愿者');
    return toView(existing);
  }

  /**
   * The deliverer of a task's booking: the volunteer who took the task, unless the operator assigned
   * someone first (the operator's choice stands). Whoever holds the booking.
   */
  async assignForTask(bookingId: string, volunteerUserId: string): Promise<string> {
    const booking = await this.bookings.require(bookingId);
    const point = await this.points.require(booking.pointId);
    const service = point.meals.find((m) => m.meal === booking.meal)!;
    return (await this.record(booking, service, volunteerUserId, volunteerUserId)).volunteerUserId;
  }

  /** Who delivers each booking (null: nobody assigned yet). */
  async deliverersOf(bookingIds: string[]): Promise<Map<string, string>> {
    const found = await Promise.all(bookingIds.map((id) => this.deliveries.findById(id).lean<DeliveryRecord>().exec()));
    return new Map(found.filter((d): d is DeliveryRecord => d !== null).map((d) => [d._id, d.volunteerUserId]));
  }

  /** Inserts the delivery record once; returns the one that holds the booking. */
  private async record(
    booking: { _id: { toHexString(): string }; pointId: string; date: string },
    service: { servesFrom: string; servesUntil: string }, volunteerUserId: string, assignedBy: string,
  ): Promise<DeliveryRecord> {
    const window = deliveryWindow(booking.date, service);
    const record: DeliveryRecord = {
      _id: booking._id.toHexString(), pointId: booking.pointId, volunteerUserId, assignedBy, assignedAt: this.now(),
      windowStartsAt: window.startsAt, windowEndsAt: window.endsAt,
    };
    return (await insertOrExisting(this.deliveries, record)) ?? record;
  }

  /** The address: for the point's operators, and for the assigned volunteer inside the delivery window. */
  async address(actor: Actor, bookingId: string): Promise<DeliveryAddressView> {
    const booking = await this.bookings.require(bookingId);
    const delivery = await this.deliveries.findById(bookingId).lean<DeliveryRecord>().exec();
    if (delivery?.volunteerUserId === actor.userId) {
      const now = this.now().getTime();
      if (now < delivery.windowStartsAt.getTime() || now > delivery.windowEndsAt.getTime() || booking.status !== 'booked') {
        throw new ForbiddenError('只能在送餐时段内查看送餐地址');
      }
    } else {
      await this.points.requireManaged(actor, booking.pointId);
    }
    const elder = await this.elders.findById(booking.elderId);
    const address = elder ? this.elders.open(elder).deliveryAddress : undefined;
    if (!elder || !address) throw new NotFoundError('没有登记送餐地址');
    return {
      bookingId, elderMaskedName: this.elders.maskedName(elder), address,
      windowEndsAt: (delivery?.windowEndsAt ?? booking.servesUntilAt).toISOString(),
    };
  }

  /** The assigned volunteer confirms the meal reached the elder. */
  async confirm(actor: Actor, bookingId: string) {
    const booking = await this.bookings.require(bookingId);
    const delivery = await this.deliveries.findById(bookingId).lean<DeliveryRecord>().exec();
    if (!delivery || delivery.volunteerUserId !== actor.userId) throw new ForbiddenError('只有安排的送餐志愿者可以确认送达');
    return this.bookings.present(await this.bookings.close(booking, 'delivered'));
  }
}

function toView(record: DeliveryRecord): DeliveryView {
  return {
    bookingId: record._id, volunteerUserId: record.volunteerUserId,
    windowStartsAt: record.windowStartsAt.toISOString(), windowEndsAt: record.windowEndsAt.toISOString(),
  };
}
