import mongoose, { Types, type Connection, type Model } from 'mongoose';
import type { RefundStatus } from '@tongxin/shared';
import { InsertBatcher } from '../../platform/insert-batcher';
import { donationModels, type LedgerEntryRecord } from './donations.model';
import { refundRequestModel, type RefundRequestRecord } from './refunds.model';

export type { RefundRequestRecord };

/** The n-th refund of a donation (n from 1): the chain of refunds is read and extended by `_id`. */
export function refundId(donationId: Types.ObjectId | string, n: number): string {
  return `${typeof donationId === 'string' ? donationId : donationId.toHexString()}:refund:${n}`;
}

/** A refund recorded before refunds had requests (straight into the ledger): it was given back then. */
function fromLegacyEntry(entry: LedgerEntryRecord, organizationId: Types.ObjectId): RefundRequestRecord {
  return {
    _id: entry._id, donationId: entry.donationId, campaignId: entry.campaignId, organizationId, userId: entry.userId,
    amountFen: entry.amountFen, matchReturnedFen: entry.matchReturnedFen ?? 0, reason: entry.reason ?? '',
    by: entry.by ?? entry.userId, idempotencyKey: entry.idempotencyKey ?? '', status: 'succeeded',
    requestedAt: entry.at, succeededAt: entry.at, updatedAt: entry.recordedAt,
  };
}

/** Refund requests (`donation_refunds`), read along each donation's `_id` chain; refunds are rare. */
export class RefundRequestsRepository {
  private readonly requests: Model<RefundRequestRecord>;
  private readonly ledger: Model<LedgerEntryRecord>;
  private readonly inserts: InsertBatcher<RefundRequestRecord>;

  constructor(connection: Connection) {
    this.requests = refundRequestModel(connection);
    this.ledger = donationModels(connection).ledger;
    this.inserts = new InsertBatcher(this.requests);
  }

  /** Every refund of a donation in order, closed ones included (a refund without a request is a legacy ledger entry). */
  async chainOf(donationId: Types.ObjectId, organizationId: Types.ObjectId): Promise<RefundRequestRecord[]> {
    const chain: RefundRequestRecord[] = [];
    for (;;) {
      const id = refundId(donationId, chain.length + 1);
      const request = await this.requests.findById(id).lean<RefundRequestRecord>().exec();
      if (request) {
        chain.push(request);
        continue;
      }
      const legacy = await this.ledger.findById(id).lean<LedgerEntryRecord>().exec();
      if (!legacy) return chain;
      chain.push(fromLegacyEntry(legacy, organizationId));
    }
  }

  /** The refunds whose money went back: their ledger entries, in order (a closed refund leaves a gap in the chain). */
  async returnedOf(donationId: Types.ObjectId | string): Promise<LedgerEntryRecord[]> {
    const entries: LedgerEntryRecord[] = [];
    for (let n = 1; ; n++) {
      const id = refundId(donationId, n);
      const [request, entry] = await Promise.all([
        this.requests.findById(id).select({ status: 1 }).lean<Pick<RefundRequestRecord, 'status'>>().exec(),
        this.ledger.findById(id).lean<LedgerEntryRecord>().exec(),
      ]);
      if (!request && !entry) return entries;
      if (entry) entries.push(entry);
    }
  }

  /** Claims the refund's `_id`; false when another refund took that place in the chain first. */
  async insert(record: RefundRequestRecord): Promise<boolean> {
    return this.inserts.insertOnce(record);
  }

  async find(id: string): Promise<RefundRequestRecord | null> {
    if (!/^[a-f0-9]{24}:refund:\d{1,4}$/.test(id)) return null;
    return this.requests.findById(id).lean<RefundRequestRecord>().exec();
  }

  /**
   * Moves a refund on only from one of `from`: the conditional update is the gate for "told once". The
   * same update records the new status's notices as owed (see `noticeOwed`), so they survive a crash.
   */
  async move(id: string, from: readonly RefundStatus[], set: Partial<RefundRequestRecord> & { status: RefundStatus }): Promise<RefundRequestRecord | null> {
    return this.requests.findOneAndUpdate({ _id: id, status: mongoose.trusted({ $in: from }) }, { $set: { ...set, noticeOwed: set.status } }, { returnDocument: 'after' })
      .lean<RefundRequestRecord>().exec();
  }

  /** The notices of `status` are done; a later move that owes its own is left owing. */
  async settleNotice(id: string, status: RefundStatus): Promise<void> {
    await this.requests.updateOne({ _id: id, noticeOwed: status }, { $unset: { noticeOwed: 1 } }).exec();
  }

  /** Refunds that moved before `before` and still owe that move's notices: a crash came between. */
  async owingNotices(before: Date, limit: number): Promise<RefundRequestRecord[]> {
    return this.requests.find({ noticeOwed: mongoose.trusted({ $in: ['succeeded', 'abnormal', 'closed'] }), updatedAt: mongoose.trusted({ $lt: before }) })
      .sort({ updatedAt: 1 }).limit(limit).lean<RefundRequestRecord[]>().exec();
  }

  /** Refunds asked for before `before` whose result has not come: what polling asks the provider about. */
  async waiting(before: Date, limit: number): Promise<RefundRequestRecord[]> {
    return this.requests.find({ status: mongoose.trusted({ $in: ['processing', 'abnormal'] }), requestedAt: mongoose.trusted({ $lt: before }) })
      .sort({ requestedAt: 1 }).limit(limit).lean<RefundRequestRecord[]>().exec();
  }
}
