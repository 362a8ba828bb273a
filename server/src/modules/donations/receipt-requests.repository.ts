import mongoose, { Types, type Connection, type Model } from 'mongoose';
import { insertOnce } from '../../platform/insert-once';
import {
  receiptRequestModels, type ReceiptClaimRecord, type ReceiptRequestLine, type ReceiptRequestRecord, type ReceiptRequestState,
} from './receipt-requests.model';

export type { ReceiptClaimRecord, ReceiptRequestLine, ReceiptRequestRecord, ReceiptRequestState };

/** Receipt requests and the per-donation claims that make a donation belong to one request only. */
export class ReceiptRequestsRepository {
  private readonly requests: Model<ReceiptRequestRecord>;
  private readonly claims: Model<ReceiptClaimRecord>;

  constructor(connection: Connection) {
    ({ requests: this.requests, claims: this.claims } = receiptRequestModels(connection));
  }

  async insertRequest(request: ReceiptRequestRecord): Promise<void> {
    await this.requests.create(request);
  }

  async findRequest(id: Types.ObjectId | string): Promise<ReceiptRequestRecord | null> {
    if (typeof id === 'string' && !/^[a-f0-9]{24}$/.test(id)) return null;
    return this.requests.findById(id).lean<ReceiptRequestRecord>().exec();
  }

  /** Moves a request from one state to another; null when it was not in `from` any more (another process moved it). */
  async moveState(id: Types.ObjectId, from: ReceiptRequestState, set: Partial<ReceiptRequestRecord> & { state: ReceiptRequestState }): Promise<ReceiptRequestRecord | null> {
    return this.requests.findOneAndUpdate({ _id: id, state: from }, { $set: set }, { returnDocument: 'after' }).lean<ReceiptRequestRecord>().exec();
  }

  async deleteRequest(id: Types.ObjectId): Promise<void> {
    await this.requests.deleteOne({ _id: id }).exec();
  }

  /** Claims a donation for a request: false when another request holds it. */
  async claim(donationId: Types.ObjectId, requestId: Types.ObjectId, at: Date): Promise<boolean> {
    return insertOnce(this.claims, { _id: donationId, requestId, claimedAt: at });
  }

  async findClaim(donationId: Types.ObjectId): Promise<ReceiptClaimRecord | null> {
    return this.claims.findById(donationId).lean<ReceiptClaimRecord>().exec();
  }

  /** Hands a dead request's claim to another request; false when it changed meanwhile. */
  async takeOverClaim(donationId: Types.ObjectId, deadRequestId: Types.ObjectId, requestId: Types.ObjectId, at: Date): Promise<boolean> {
    const moved = await this.claims.findOneAndUpdate({ _id: donationId, requestId: deadRequestId }, { $set: { requestId, claimedAt: at } }).exec();
    return moved !== null;
  }

  /** Gives back what a failed request claimed. */
  async releaseClaims(requestId: Types.ObjectId): Promise<void> {
    await this.claims.deleteMany({ requestId }).exec();
  }

  /** Which request holds each of these donations (the donor's history shows it). */
  async claimsOf(donationIds: readonly Types.ObjectId[]): Promise<Map<string, string>> {
    if (donationIds.length === 0) return new Map();
    const found = await this.claims.find({ _id: mongoose.trusted({ $in: donationIds }) }).lean<ReceiptClaimRecord[]>().exec();
    return new Map(found.map((c) => [c._id.toHexString(), c.requestId.toHexString()]));
  }

  /** Visible requests (not claiming or void), newest first. */
  async list(filter: { userId?: Types.ObjectId; organizationId?: Types.ObjectId; state?: 'requested' | 'issued' | 'declined' }, before: Types.ObjectId | undefined, limit: number): Promise<ReceiptRequestRecord[]> {
    const query: Record<string, unknown> = {
      ...(filter.userId ? { userId: filter.userId } : {}),
      ...(filter.organizationId ? { organizationId: filter.organizationId } : {}),
      state: filter.state ?? mongoose.trusted({ $in: ['requested', 'issued', 'declined'] }),
    };
    if (before) query._id = mongoose.trusted({ $lt: before });
    return this.requests.find(query).sort({ _id: -1 }).limit(limit).lean<ReceiptRequestRecord[]>().exec();
  }
}
