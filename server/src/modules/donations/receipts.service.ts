import { LRUCache } from 'lru-cache';
import { Types } from 'mongoose';
import { DISPLAY_TIME_ZONE, formatShanghai, shanghaiDayOf, type Actor, type DonationReceiptView } from '@tongxin/shared';
import type { CampaignsService } from '../campaigns';
import { ConflictError, NotFoundError } from '../../platform/errors';
import type { Logger } from '../../platform/logger';
import type { DonationRecord, DonationsRepository, LedgerEntryRecord } from './donations.repository';
import type { ReceiptRecord, ReceiptsRepository } from './receipts.repository';

/** The receiving organization as a receipt names it. */
export interface ReceiptIssuer {
  name: string;
  creditCode: string;
}

/** Reads the receiving organization (the organizations module, through runtime.ts). */
export type IssuerLookup = (organizationId: string) => Promise<ReceiptIssuer>;

/** An organization renamed shows on receipts issued this much later, at most; milliseconds. */
const ISSUER_TTL_MS = 60_000;
/** How far back a repair pass looks for paid donations without a receipt; milliseconds. */
export const RECEIPT_REPAIR_WINDOW_MS = 2 * 86_400_000;
const REPAIR_CHUNK = 500;

/** `TX20261129-<donation id>`: the day (Asia/Shanghai) it was paid, then the donation's id. */
export function receiptNumberOf(donationId: Types.ObjectId, paidAt: Date): string {
  return `TX${shanghaiDayOf(paidAt).replaceAll('-', '')}-${donationId.toHexString().toUpperCase()}`;
}

function toView(receipt: ReceiptRecord, refundedFen: number): DonationReceiptView {
  return {
    number: receipt.number,
    donationId: receipt._id.toHexString(),
    campaignId: receipt.campaignId.toHexString(),
    campaignTitle: receipt.campaignTitle,
    organization: { id: receipt.organizationId.toHexString(), name: receipt.organizationName, creditCode: receipt.creditCode },
    amountFen: receipt.amountFen,
    receivedFen: receipt.amountFen - refundedFen,
    paidAt: receipt.paidAt.toISOString(),
    paidAtLocal: formatShanghai(receipt.paidAt),
    issuedAt: receipt.issuedAt.toISOString(),
    timeZone: DISPLAY_TIME_ZONE,
  };
}

/**
 * Donation receipts (捐赠票据): issued once per paid donation when settlement records the payment,
 * shown to the donor only. A crash between the ledger's "paid" and the receipt leaves a gap that the
 * reconciliation pass (`repairRecent`) and the donor's own read (`mine`) both close.
 */
export class DonationReceipts {
  private readonly issuers = new LRUCache<string, ReceiptIssuer>({ max: 10_000, ttl: ISSUER_TTL_MS });

  constructor(
    private readonly receipts: ReceiptsRepository,
    private readonly donations: DonationsRepository,
    private readonly campaigns: Pick<CampaignsService, 'recent'>,
    private readonly issuerOf: IssuerLookup,
    private readonly logger: Logger,
    private readonly now: () => Date = () => new Date(),
  ) {}

  /** Has the donation's receipt been issued (by this process, or by any as the store says)? */
  async isIssued(donationId: Types.ObjectId): Promise<boolean> {
    return (await this.receipts.findIssued(donationId.toHexString())) !== null;
  }

  /** Issues the receipt of a paid donation; false when it had one already. */
  async issue(donation: DonationRecord, paidAt: Date): Promise<boolean> {
    const [campaign, issuer] = await Promise.all([
      this.campaigns.recent(donation.campaignId),
      this.issuer(donation.organizationId.toHexString()),
    ]);
    return this.receipts.insertOnce({
      _id: donation._id,
      number: receiptNumberOf(donation._id, paidAt),
      campaignId: donation.campaignId,
      campaignTitle: campaign.title,
      organizationId: donation.organizationId,
      organizationName: issuer.name,
      creditCode: issuer.creditCode,
      userId: donation.userId,
      amountFen: donation.amountFen,
      paidAt,
      issuedAt: this.now(),
    });
  }

  /** The donor's own receipt: others are told it does not exist (ids are guessable, ownership is not told). */
  async mine(actor: Actor, donationId: string): Promise<DonationReceiptView> {
    const donation = await this.donations.findDonation(donationId);
    if (!donation || donation.userId.toHexString() !== actor.userId) throw new NotFoundError('捐赠票据不存在');
    const receipt = await this.recordOf(donation);
    const refunded = (await this.donations.refundsOf(donation._id)).reduce((sum, r) => sum + r.amountFen, 0);
    return toView(receipt, refunded);
  }

  /** The receipt of a paid donation, issued now if a crash left it out; RECEIPT_NOT_AVAILABLE when unpaid. */
  async recordOf(donation: DonationRecord): Promise<ReceiptRecord> {
    const found = await this.receipts.findById(donation._id);
    if (found) return found;
    const paid = await this.donations.findLedger(donation._id, 'paid');
    if (!paid) throw new ConflictError('RECEIPT_NOT_AVAILABLE');
    await this.issue(donation, paid.at);
    const issued = await this.receipts.findById(donation._id);
    if (!issued) throw new Error(`receipt of ${donation._id.toHexString()} issued and then missing`);
    return issued;
  }

  /** The numbers of these donations' receipts, for the donor's history. */
  async numbersOf(donationIds: readonly Types.ObjectId[]): Promise<Map<string, string>> {
    const found = await Promise.all(donationIds.map((id) => this.receipts.findById(id)));
    return new Map(found.filter((r): r is ReceiptRecord => r !== null).map((r) => [r._id.toHexString(), r.number]));
  }

  /** Issues the receipts missing for donations paid within RECEIPT_REPAIR_WINDOW_MS; returns how many. */
  async repairRecent(): Promise<number> {
    const paid = await this.donations.paidSince(new Date(this.now().getTime() - RECEIPT_REPAIR_WINDOW_MS));
    let issued = 0;
    for (let i = 0; i < paid.length; i += REPAIR_CHUNK) {
      const chunk = paid.slice(i, i + REPAIR_CHUNK);
      const have = await this.receipts.existing(chunk.map((e) => e.donationId));
      for (const entry of chunk.filter((e) => !have.has(e.donationId.toHexString()))) {
        if (await this.issueFor(entry)) issued += 1;
      }
    }
    if (issued > 0) this.logger.warn({ issued }, 'missing donation receipts issued');
    return issued;
  }

  private async issueFor(paid: Pick<LedgerEntryRecord, 'donationId' | 'at'>): Promise<boolean> {
    const donation = await this.donations.findDonation(paid.donationId);
    return donation ? this.issue(donation, paid.at) : false;
  }

  private async issuer(organizationId: string): Promise<ReceiptIssuer> {
    const known = this.issuers.get(organizationId);
    if (known) return known;
    const issuer = await this.issuerOf(organizationId);
    this.issuers.set(organizationId, issuer);
    return issuer;
  }
}
