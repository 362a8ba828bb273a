import mongoose, { Types, type Connection, type Model } from 'mongoose';
import { LRUCache } from 'lru-cache';
import { InsertBatcher } from '../../platform/insert-batcher';
import { addToLine, type DonorLine } from '../campaigns';
import {
  donationModels, type DonationKeyRecord, type DonationRecord, type LedgerEntryRecord, type LedgerKind,
} from './donations.model';
import { RefundRequestsRepository, refundId } from './refunds.repository';

export type { DonationKeyRecord, DonationRecord, LedgerEntryRecord };

/** Ledger sums of one campaign; amounts in fen. */
export interface CampaignLedgerTotals {
  campaignId: Types.ObjectId;
  raisedFen: number;
  matchedFen: number;
  donorCount: number;
  donorUserIds: string[];
  lastEntryAt: Date;
  /** "Paid" and refund entries recorded since `recentSince` (ids and when they were recorded). */
  recentEntries: Array<{ id: string; recordedAt: Date }>;
  /** The opt-in leaderboard: user → donors' money of their donations on it, net of refunds, and the name shown. */
  leaderboard: Map<string, DonorLine>;
}

export function ledgerId(donationId: Types.ObjectId | string, kind: Exclude<LedgerKind, 'refund'>): string {
  return `${typeof donationId === 'string' ? donationId : donationId.toHexString()}:${kind}`;
}

export { refundId };

/** Donations and paid ledger entries are never changed once written, so a process may remember them. */
const REMEMBERED = 100_000;

/**
 * Donations, idempotency keys and the ledger: inserts and `_id` reads only on the hot path. Inserts
 * go through batchers (one unordered `insertMany` per burst); donations and "paid" facts are
 * immutable, so the ones this process wrote or read are served from memory afterwards.
 */
export class DonationsRepository {
  private readonly donations: Model<DonationRecord>;
  private readonly keys: Model<DonationKeyRecord>;
  private readonly ledger: Model<LedgerEntryRecord>;
  private readonly donationInserts: InsertBatcher<DonationRecord>;
  private readonly keyInserts: InsertBatcher<DonationKeyRecord>;
  private readonly ledgerInserts: InsertBatcher<LedgerEntryRecord>;
  private readonly knownDonations = new LRUCache<string, DonationRecord>({ max: REMEMBERED });
  /** `{entry: null}` records an absence that can no longer change (no match drawn for a settled gift). */
  private readonly knownLedger = new LRUCache<string, { entry: LedgerEntryRecord | null }>({ max: REMEMBERED });
  /** Refund requests and where they stand at the provider. */
  readonly refunds: RefundRequestsRepository;

  constructor(connection: Connection) {
    this.refunds = new RefundRequestsRepository(connection);
    ({ donations: this.donations, keys: this.keys, ledger: this.ledger } = donationModels(connection));
    this.donationInserts = new InsertBatcher(this.donations);
    this.keyInserts = new InsertBatcher(this.keys);
    this.ledgerInserts = new InsertBatcher(this.ledger);
  }

  /** Inserts the key first; returns the stored key when it already existed (a retry or a reuse). */
  async claimKey(key: DonationKeyRecord): Promise<DonationKeyRecord | null> {
    if (await this.keyInserts.insertOnce(key)) return null;
    const existing = await this.keys.findById(key._id).lean<DonationKeyRecord>().exec();
    if (!existing) throw new Error(`key ${key._id} was taken and then removed`);
    return existing;
  }

  /** Gives a key back when the request that claimed it was refused (a limit), so a retry starts afresh. */
  async releaseKey(id: string): Promise<void> {
    await this.keys.deleteOne({ _id: id }).exec();
  }

  /** Idempotent: the same donation inserted twice (a retry racing its original) is stored once. */
  async insertDonation(donation: DonationRecord): Promise<DonationRecord> {
    if (await this.donationInserts.insertOnce(donation)) {
      this.knownDonations.set(donation._id.toHexString(), donation);
      return donation;
    }
    const stored = await this.findDonation(donation._id);
    if (!stored) throw new Error(`donation ${donation._id.toHexString()} was taken and then removed`);
    return stored;
  }

  async findDonation(id: Types.ObjectId | string): Promise<DonationRecord | null> {
    if (typeof id === 'string' && !/^[a-f0-9]{24}$/.test(id)) return null;
    const hex = typeof id === 'string' ? id : id.toHexString();
    const known = this.knownDonations.get(hex);
    if (known) return known;
    const found = await this.donations.findById(id).lean<DonationRecord>().exec();
    if (found) this.knownDonations.set(hex, found);
    return found;
  }

  async listByUser(userId: string, before: Types.ObjectId | undefined, limit: number): Promise<DonationRecord[]> {
    const query: Record<string, unknown> = { userId: new Types.ObjectId(userId) };
    if (before) query._id = mongoose.trusted({ $lt: before });
    return this.donations.find(query).sort({ _id: -1 }).limit(limit).lean<DonationRecord[]>().exec();
  }

  /** Appends a ledger entry; false when that fact was already recorded (the idempotency gate). */
  async appendLedger(entry: LedgerEntryRecord): Promise<boolean> {
    const inserted = await this.ledgerInserts.insertOnce(entry);
    if (inserted) this.knownLedger.set(entry._id, { entry });
    return inserted;
  }

  /** This process settled the donation without drawing matching funds: there will never be a match entry. */
  rememberNoMatch(donationId: Types.ObjectId): void {
    this.knownLedger.set(ledgerId(donationId, 'match'), { entry: null });
  }

  /** The donation's "paid" entry if this process has seen it; never asks the store. */
  knownPaid(donationId: string): LedgerEntryRecord | null {
    return this.knownLedger.get(ledgerId(donationId, 'paid'))?.entry ?? null;
  }

  /**
   * The refunds of a donation whose money went back (their ledger entries, in order); refunds still
   * processing at the provider, or closed, are not among them. Refunds are rare: usually one read.
   */
  async refundsOf(donationId: Types.ObjectId | string): Promise<LedgerEntryRecord[]> {
    return this.refunds.returnedOf(donationId);
  }

  /** Claims a refund's Idempotency-Key; returns the stored claim when it already existed. */
  async claimRefundKey(key: DonationKeyRecord): Promise<DonationKeyRecord | null> {
    return this.claimKey(key);
  }

  async findLedger(donationId: Types.ObjectId | string, kind: Exclude<LedgerKind, 'refund'>): Promise<LedgerEntryRecord | null> {
    const id = ledgerId(donationId, kind);
    const known = this.knownLedger.get(id);
    if (known) return known.entry;
    const found = await this.ledger.findById(id).lean<LedgerEntryRecord>().exec();
    if (found) this.knownLedger.set(id, { entry: found });
    return found;
  }

  /** "Paid" entries written since `since` (receipt repair); ids and instants only. */
  async paidSince(since: Date): Promise<Array<Pick<LedgerEntryRecord, 'donationId' | 'at'>>> {
    return this.ledger.find({ kind: 'paid', recordedAt: mongoose.trusted({ $gte: since }) }).select({ donationId: 1, at: 1 })
      .lean<Array<Pick<LedgerEntryRecord, 'donationId' | 'at'>>>().exec();
  }

  /**
   * Sums of the whole ledger by campaign: donors' money, matched money, distinct paying donors.
   * Streamed and summed here because FerretDB 1.24's `$group` lacks `$cond` and `$max`; on MongoDB
   * this is one `$group` pipeline over the `{campaignId, kind}` index.
   */
  async totalsByCampaign(recentSince: Date): Promise<CampaignLedgerTotals[]> {
    type Sum = Omit<CampaignLedgerTotals, 'donorCount' | 'donorUserIds'> & { donors: Set<string> };
    const totals = new Map<string, Sum>();
    const cursor = this.ledger.find({})
      .select({ kind: 1, campaignId: 1, userId: 1, amountFen: 1, matchReturnedFen: 1, recordedAt: 1, leaderboardName: 1 }).lean<LedgerEntryRecord>().cursor();
    for await (const entry of cursor as AsyncIterable<LedgerEntryRecord>) {
      const key = entry.campaignId.toHexString();
      const sum: Sum = totals.get(key)
        ?? { campaignId: entry.campaignId, raisedFen: 0, matchedFen: 0, lastEntryAt: entry.recordedAt, donors: new Set<string>(), recentEntries: [], leaderboard: new Map() };
      totals.set(key, sum);
      applyEntry(sum, entry);
      if (entry.recordedAt > sum.lastEntryAt) sum.lastEntryAt = entry.recordedAt;
      if (entry.kind !== 'match' && entry.recordedAt >= recentSince) sum.recentEntries.push({ id: entry._id, recordedAt: entry.recordedAt });
    }
    return [...totals.values()].map(({ donors, ...sum }) => ({ ...sum, donorCount: donors.size, donorUserIds: [...donors] }));
  }

}

/** Donors' money in, matched money in, and what refunds took back out of each; the leaderboard takes donors' money only. */
function applyEntry(sum: { raisedFen: number; matchedFen: number; donors: Set<string>; leaderboard: Map<string, DonorLine> }, entry: LedgerEntryRecord): void {
  switch (entry.kind) {
    case 'paid':
      sum.raisedFen += entry.amountFen;
      sum.donors.add(entry.userId.toHexString());
      if (entry.leaderboardName !== undefined) addToLine(sum.leaderboard, entry.userId.toHexString(), entry.amountFen, entry.leaderboardName);
      break;
    case 'match':
      sum.matchedFen += entry.amountFen;
      break;
    case 'refund':
      sum.raisedFen -= entry.amountFen;
      sum.matchedFen -= entry.matchReturnedFen ?? 0;
      if (entry.leaderboardName !== undefined) addToLine(sum.leaderboard, entry.userId.toHexString(), -entry.amountFen, '');
      break;
  }
}
