import { Schema, type Connection } from 'mongoose';
import { modelOf } from '../../../platform/db';
import type { MealCode } from '@tongxin/shared';

/** One batch of a meal's delivery bookings from one point; `_id` `<pointId>_<date>_<meal>_<n>`. */
export interface DeliveryTaskRecord {
  _id: string;
  pointId: string;
  date: string;
  meal: MealCode;
  bookingIds: string[];
  windowStartsAt: Date;
  windowEndsAt: Date;
  createdAt: Date;
}

/** A booking's place in a task; `_id` is the booking id, so a booking joins one task only. */
export interface DeliveryTaskMemberRecord {
  _id: string;
  taskId: string;
}

/** An offer to a volunteer the matching engine proposed; `_id` `<taskId>:<userId>`. */
export interface DeliveryTaskOfferRecord {
  _id: string;
  taskId: string;
  userId: string;
  score: number;
  windowEndsAt: Date;
  at: Date;
  /** The operator who picked the volunteer; absent when the matching engine offered the task as it formed. */
  invitedBy?: string;
  /** When the volunteer said no (they may still take the task while nobody has). */
  declinedAt?: Date;
}

/** Who took a task; `_id` is the task id, so two volunteers never take one task. */
export interface DeliveryTaskClaimRecord {
  _id: string;
  volunteerUserId: string;
  at: Date;
}

const taskSchema = new Schema<DeliveryTaskRecord>(
  {
    _id: { type: String, required: true },
    pointId: { type: String, required: true },
    date: { type: String, required: true },
    meal: { type: String, required: true },
    bookingIds: { type: [String], required: true },
    windowStartsAt: { type: Date, required: true },
    windowEndsAt: { type: Date, required: true },
    createdAt: { type: Date, required: true },
  },
  { strict: 'throw', collection: 'meal_delivery_tasks', versionKey: false },
);
// The operator's day.
taskSchema.index({ pointId: 1, date: 1 });

const memberSchema = new Schema<DeliveryTaskMemberRecord>(
  { _id: { type: String, required: true }, taskId: { type: String, required: true } },
  { strict: 'throw', collection: 'meal_delivery_task_members', versionKey: false },
);

const offerSchema = new Schema<DeliveryTaskOfferRecord>(
  {
    _id: { type: String, required: true },
    taskId: { type: String, required: true },
    userId: { type: String, required: true },
    score: { type: Number, required: true },
    windowEndsAt: { type: Date, required: true },
    at: { type: Date, required: true },
    invitedBy: String,
    declinedAt: Date,
  },
  { strict: 'throw', collection: 'meal_delivery_task_offers', versionKey: false },
);
// A volunteer's open offers.
offerSchema.index({ userId: 1, windowEndsAt: 1 });
// A task's invitees (the operator's picker).
offerSchema.index({ taskId: 1 });

const claimSchema = new Schema<DeliveryTaskClaimRecord>(
  { _id: { type: String, required: true }, volunteerUserId: { type: String, required: true }, at: { type: Date, required: true } },
  { strict: 'throw', collection: 'meal_delivery_task_claims', versionKey: false },
);
claimSchema.index({ volunteerUserId: 1 });

export function deliveryTaskModels(connection: Connection) {
  return {
    tasks: modelOf(connection, 'MealDeliveryTask', taskSchema),
    members: modelOf(connection, 'MealDeliveryTaskMember', memberSchema),
    offers: modelOf(connection, 'MealDeliveryTaskOffer', offerSchema),
    claims: modelOf(connection, 'MealDeliveryTaskClaim', claimSchema),
  };
}
