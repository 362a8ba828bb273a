import mongoose, { Types, type Connection, type Model } from 'mongoose';
import { isDuplicateKeyError } from '../../platform/errors';
import { insertOnce, insertOrExisting } from '../../platform/insert-once';
import {
  donationModels, type DonationKeyRecord, type DonationRecord, type LedgerEntryRecord, type LedgerKind,
} from './donations.model';

export type { DonationKeyRecord, DonationRecord, LedgerEntryRecord };

/** Ledger sums of one campaign; amounts in fen. */
export interface CampaignLedgerTotals {
  campaignId: Types.ObjectId;
  raisedFen: number;
  matchedFen: number;
  donorCount: number;
  lastEntryAt: Date;
}

export function ledgerId(donationId: Types.ObjectId | string, kind: LedgerKind): string {
  return `${typeof donationId === 'string' ? donationId : donationId.toHexString()}:${kind}`;
}

/** Donations, idempotency keys and the ledger: inserts and `_id` reads only on the hot path. */
export class DonationsRepository {
  private readonly donations: Model<DonationRecord>;
  private readonly keys: Model<DonationKeyRecord>;
  private readonly ledger: Model<LedgerEntryRecord>;

  constructor(connection: Connection) {
    ({ donations: this.donations, keys: this.keys, ledger: this.ledger } = donationModels(connection));
  }

  /** Inserts the key first; returns the stored key when it already existed (a retry or a reuse). */
  async claimKey(key: DonationKeyRecord): Promise<DonationKeyRecord | null> {
    return insertOrExisting(this.keys, key);
  }

  /** Idempotent: the same donation inserted twice (a retry racing its original) is stored once. */
  async insertDonation(donation: DonationRecord): Promise<DonationRecord> {
    try {
      return (await this.donations.create(donation)).toObject();
    } catch (error) {
      const stored = isDuplicateKeyError(error) ? await this.findDonation(donation._id) : null;
      if (!stored) throw error;
      return stored;
    }
  }

  async findDonation(id: Types.ObjectId | string): Promise<DonationRecord | null> {
    if (typeof id === 'string' && !/^[a-f0-9]{24}$/.test(id)) return null;
    return this.donations.findById(id).lean<DonationRecord>().exec();
  }

  async listByUser(userId: string, before: Types.ObjectId | undefined, limit: number): Promise<DonationRecord[]> {
    const query: Record<string, unknown> = { userId: new Types.ObjectId(userId) };
    if (before) query._id = mongoose.trusted({ $lt: before });
    return this.donations.find(query).sort({ _id: -1 }).limit(limit).lean<DonationRecord[]>().exec();
  }

  /** Appends a ledger entry; false when that fact was already recorded (the idempotency gate). */
  async appendLedger(entry: LedgerEntryRecord): Promise<boolean> {
    return insertOnce(this.ledger, entry);
  }

  async findLedger(donationId: Types.ObjectId | string, kind: LedgerKind): Promise<LedgerEntryRecord | null> {
    return this.ledger.findById(ledgerId(donationId, kind)).lean<LedgerEntryRecord>().exec();
  }

  /**
   * Sums of the whole ledger by campaign: donors' money, matched money, distinct paying donors.
   * Streamed and summed here because FerretDB 1.24's `$group` lacks `$cond` and `$max`; on MongoDB
   * this is one `$group` pipeline over the `{campaignId, kind}` index.
   */
  async totalsByCampaign(): Promise<CampaignLedgerTotals[]> {
    const totals = new Map<string, CampaignLedgerTotals & { donors: Set<string> }>();
    const cursor = this.ledger.find({}).select({ kind: 1, campaignId: 1, userId: 1, amountFen: 1, recordedAt: 1 }).lean<LedgerEntryRecord>().cursor();
    for await (const entry of cursor as AsyncIterable<LedgerEntryRecord>) {
      const key = entry.campaignId.toHexString();
      const sum = totals.get(key) ?? { campaignId: entry.campaignId, raisedFen: 0, matchedFen: 0, donorCount: 0, lastEntryAt: entry.recordedAt, donors: new Set<string>() };
      totals.set(key, sum);
      if (entry.kind === 'paid') {
        sum.raisedFen += entry.amountFen;
        sum.donors.add(entry.userId.toHexString());
      } else {
        sum.matchedFen += entry.amountFen;
      }
      if (entry.recordedAt > sum.lastEntryAt) sum.lastEntryAt = entry.recordedAt;
    }
    return [...totals.values()].map(({ donors, ...sum }) => ({ ...sum, donorCount: donors.size }));
  }
}
