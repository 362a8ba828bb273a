import type { Connection, Model } from 'mongoose';
import { insertOnce, insertOrExisting } from '../../../platform/insert-once';
import {
  deliveryTaskModels,
  type DeliveryTaskClaimRecord, type DeliveryTaskMemberRecord, type DeliveryTaskOfferRecord, type DeliveryTaskRecord,
} from './delivery-tasks.model';

export type { DeliveryTaskClaimRecord, DeliveryTaskOfferRecord, DeliveryTaskRecord };

/**
 * Tasks, memberships, offers and claims: every write is an insert on a natural `_id`, so each happens
 * once. Where a repeat is the common case (forming a meal's tasks again) the `_id` is read first: a
 * refused duplicate insert costs FerretDB over a second (measured here), a read a few milliseconds.
 */
export class DeliveryTasksRepository {
  private readonly tasks: Model<DeliveryTaskRecord>;
  private readonly members: Model<DeliveryTaskMemberRecord>;
  private readonly offers: Model<DeliveryTaskOfferRecord>;
  private readonly claims: Model<DeliveryTaskClaimRecord>;

  constructor(connection: Connection) {
    ({ tasks: this.tasks, members: this.members, offers: this.offers, claims: this.claims } = deliveryTaskModels(connection));
  }

  /** The task as stored (the first formation's, when formed twice). */
  async insertTask(task: DeliveryTaskRecord): Promise<DeliveryTaskRecord> {
    return (await this.findTask(task._id)) ?? (await insertOrExisting(this.tasks, task)) ?? task;
  }

  /** Puts the booking in the task; false when it already belongs to one. */
  async join(bookingId: string, taskId: string): Promise<boolean> {
    if (await this.members.exists({ _id: bookingId })) return false;
    return insertOnce(this.members, { _id: bookingId, taskId });
  }

  async taskOfBooking(bookingId: string): Promise<string | null> {
    return (await this.members.findById(bookingId).lean<DeliveryTaskMemberRecord>().exec())?.taskId ?? null;
  }

  /** False when this volunteer was offered the task before. */
  async offer(offer: DeliveryTaskOfferRecord): Promise<boolean> {
    if (await this.offers.exists({ _id: offer._id })) return false;
    return insertOnce(this.offers, offer);
  }

  async offerOf(taskId: string, userId: string): Promise<DeliveryTaskOfferRecord | null> {
    return this.offers.findById(`${taskId}:${userId}`).lean<DeliveryTaskOfferRecord>().exec();
  }

  /** Offers to a volunteer whose window has not ended and that they did not decline (a scan on FerretDB; indexed on MongoDB). */
  openOffersOf(userId: string, now: Date): Promise<DeliveryTaskOfferRecord[]> {
    return this.offers.find({ userId }).lean<DeliveryTaskOfferRecord[]>().exec()
      .then((offers) => offers.filter((o) => o.windowEndsAt.getTime() > now.getTime() && !o.declinedAt));
  }

  /** Everyone offered one task, in the order offered (a scan on FerretDB; indexed on MongoDB). */
  offersOf(taskId: string): Promise<DeliveryTaskOfferRecord[]> {
    return this.offers.find({ taskId }).sort({ at: 1, _id: 1 }).lean<DeliveryTaskOfferRecord[]>().exec();
  }

  /** The volunteer's no; a plain update, as the volunteer is the offer's only writer after it is made. */
  async decline(offerId: string, at: Date): Promise<void> {
    await this.offers.updateOne({ _id: offerId }, { $set: { declinedAt: at } }).exec();
  }

  /** The claim that holds the task: this one when it was first, else the earlier one. */
  async claim(claim: DeliveryTaskClaimRecord): Promise<DeliveryTaskClaimRecord> {
    return (await insertOrExisting(this.claims, claim)) ?? claim;
  }

  async claimOf(taskId: string): Promise<DeliveryTaskClaimRecord | null> {
    return this.claims.findById(taskId).lean<DeliveryTaskClaimRecord>().exec();
  }

  async claimsOf(taskIds: string[]): Promise<Map<string, DeliveryTaskClaimRecord>> {
    const found = await Promise.all(taskIds.map((id) => this.claimOf(id)));
    return new Map(found.filter((c): c is DeliveryTaskClaimRecord => c !== null).map((c) => [c._id, c]));
  }

  async findTask(id: string): Promise<DeliveryTaskRecord | null> {
    return this.tasks.findById(id).lean<DeliveryTaskRecord>().exec();
  }

  async findTasks(ids: string[]): Promise<DeliveryTaskRecord[]> {
    return Promise.all(ids.map((id) => this.findTask(id))).then((tasks) => tasks.filter((t): t is DeliveryTaskRecord => t !== null));
  }

  forPointDay(pointId: string, date: string): Promise<DeliveryTaskRecord[]> {
    return this.tasks.find({ pointId, date }).sort({ _id: 1 }).lean<DeliveryTaskRecord[]>().exec();
  }

  async claimedBy(userId: string): Promise<string[]> {
    return (await this.claims.find({ volunteerUserId: userId }).lean<DeliveryTaskClaimRecord[]>().exec()).map((c) => c._id);
  }
}
