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
    const record: DeliveryRecord = {
      _id: bookingId, pointId: booking.pointId, volunteerUserId, assignedBy: actor.userId, assignedAt: this.now(),
      windowStartsAt: new Date(shanghaiInstant(booking.date, service.servesFrom).getTime() - WINDOW_MARGIN_MS),
      windowEndsAt: new Date(shanghaiInstant(booking.date, service.servesUntil).getTime() + WINDOW_MARGIN_MS),
    };
    const existing = await insertOrExisting(this.deliveries, record);
    if (existing && existing.volunteerUserId !== volunteerUserId) throw new ConflictError('CONFLICT', '该订单已安排送餐志愿者');
    return toView(existing ?? record);
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
