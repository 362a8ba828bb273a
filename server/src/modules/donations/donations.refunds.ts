import { createHash } from 'node:crypto';
import { Types } from 'mongoose';
import { REFUND_WINDOW_DAYS, type Actor, type CreateRefundInput, type RefundView } from '@tongxin/shared';
import { authorize } from '../access';
import type { AuditTrail } from '../audit/audit.port';
import type { CampaignFunding } from '../campaigns';
import { AppError, ConflictError, NotFoundError } from '../../platform/errors';
import type { DonationRecord, DonationsRepository, LedgerEntryRecord } from './donations.repository';
import { refundId } from './donations.repository';
import type { DonationsService } from './donations.service';

const DAY_MS = 86_400_000;

/** Gives the money back through the payment provider (the payments module's; a no-op in the sandbox). */
export interface PaymentRefunder {
  /** Idempotent by `refundId` (the ledger entry id): retrying a refund the provider already made changes nothing. */
  refund(input: { donationId: string; refundId: string; reason: string; amountFen: number; totalFen: number }): Promise<void>;
}
/** Concurrent refunds of one donation meet at the next refund's `_id`; each loser re-reads and tries again. */
const MAX_ATTEMPTS = 20;

/** The matching funds that go back with a refund: pro rata, and whatever is left with the last fen. */
export function matchShareOf(refundFen: number, paidFen: number, matchedFen: number, refundedBeforeFen: number, returnedBeforeFen: number): number {
  const left = matchedFen - returnedBeforeFen;
  if (refundedBeforeFen + refundFen >= paidFen) return left;
  return Math.min(left, Math.floor((matchedFen * refundFen) / paidFen));
}

/**
 * Full or partial refunds by the receiving organization's admins within REFUND_WINDOW_DAYS of payment.
 * Each refund is an insert-only ledger entry `<donationId>:refund:<n>`: the unique `_id` makes the
 * n-th refund exclusive, so concurrent refunds can never return more than was paid. The matching
 * share returns to the sponsor's pool and both leave the live tally. Idempotent by Idempotency-Key.
 * The money goes back through the provider after the entry is written, under the entry's id; when
 * the provider fails the organizer's retry (same key) finds the entry and asks the provider again.
 */
export class DonationRefunds {
  constructor(
    private readonly repository: DonationsRepository,
    private readonly donations: DonationsService,
    private readonly funding: CampaignFunding,
    private readonly audit: AuditTrail,
    private readonly refunder: PaymentRefunder,
    private readonly now: () => Date = () => new Date(),
  ) {}

  async refund(actor: Actor, donationId: string, idempotencyKey: string, input: CreateRefundInput): Promise<{ refund: RefundView; replayed: boolean }> {
    const donation = await this.repository.findDonation(donationId);
    if (!donation) throw new NotFoundError('捐赠记录不存在');
    authorize(actor, 'donation:refund', { organizationId: donation.organizationId.toHexString() });
    const paid = await this.repository.findLedger(donation._id, 'paid');
    if (!paid) throw new ConflictError('REFUND_NOT_ALLOWED', '该捐赠尚未支付');
    if (this.now().getTime() - paid.at.getTime() > REFUND_WINDOW_DAYS * DAY_MS) {
      throw new ConflictError('REFUND_NOT_ALLOWED', `已超过 ${REFUND_WINDOW_DAYS} 天退款期限`);
    }
    const hash = createHash('sha256').update(JSON.stringify([donationId, input.amountFen, input.reason])).digest('hex');
    const claimed = await this.repository.claimRefundKey({
      _id: `refund:${donationId}:${idempotencyKey}`, requestHash: hash, donationId: donation._id, createdAt: this.now(),
    });
    if (claimed) {
      if (claimed.requestHash !== hash) throw new AppError('IDEMPOTENCY_KEY_REUSED');
      const done = (await this.repository.refundsOf(donation._id)).find((r) => r.idempotencyKey === idempotencyKey);
      if (!done) throw new ConflictError('REFUND_IN_PROGRESS');
      await this.giveBack(donation, done);
      return { refund: await this.viewOf(donation, done), replayed: true };
    }
    const entry = await this.append(actor, donation, paid, idempotencyKey, input);
    await this.funding.recordRefund(donation.campaignId, entry.amountFen, entry.matchReturnedFen ?? 0, { id: entry._id, recordedAt: entry.recordedAt });
    await this.giveBack(donation, entry);
    await this.audit.record({
      actor, action: 'donation:refund', subject: { type: 'donation', id: donationId },
      after: { refundId: entry._id, amountFen: entry.amountFen, matchReturnedFen: entry.matchReturnedFen ?? 0 },
    });
    return { refund: await this.viewOf(donation, entry), replayed: false };
  }

  private async append(actor: Actor, donation: DonationRecord, paid: LedgerEntryRecord, key: string, input: CreateRefundInput): Promise<LedgerEntryRecord> {
    const match = await this.repository.findLedger(donation._id, 'match');
    for (let attempt = 0; attempt < MAX_ATTEMPTS; attempt++) {
      const before = await this.repository.refundsOf(donation._id);
      const refundedBefore = before.reduce((sum, r) => sum + r.amountFen, 0);
      if (input.amountFen > paid.amountFen - refundedBefore) {
        throw new ConflictError('REFUND_NOT_ALLOWED', `最多可退 ${paid.amountFen - refundedBefore} 分`);
      }
      const returnedBefore = before.reduce((sum, r) => sum + (r.matchReturnedFen ?? 0), 0);
      const at = this.now();
      const entry: LedgerEntryRecord = {
        _id: refundId(donation._id, before.length + 1),
        kind: 'refund',
        donationId: donation._id,
        campaignId: donation.campaignId,
        userId: donation.userId,
        amountFen: input.amountFen,
        matchReturnedFen: matchShareOf(input.amountFen, paid.amountFen, match?.amountFen ?? 0, refundedBefore, returnedBefore),
        reason: input.reason,
        by: new Types.ObjectId(actor.userId),
        idempotencyKey: key,
        at,
        recordedAt: at,
      };
      if (await this.repository.appendLedger(entry)) return entry;
    }
    throw new ConflictError('REFUND_IN_PROGRESS');
  }

  private async giveBack(donation: DonationRecord, entry: LedgerEntryRecord): Promise<void> {
    await this.refunder.refund({
      donationId: donation._id.toHexString(), refundId: entry._id, reason: entry.reason ?? '', amountFen: entry.amountFen, totalFen: donation.amountFen,
    });
  }

  private async viewOf(donation: DonationRecord, entry: LedgerEntryRecord): Promise<RefundView> {
    return {
      id: entry._id,
      donationId: donation._id.toHexString(),
      amountFen: entry.amountFen,
      matchReturnedFen: entry.matchReturnedFen ?? 0,
      reason: entry.reason ?? '',
      at: entry.at.toISOString(),
      donation: await this.donations.view(donation, false),
    };
  }
}
