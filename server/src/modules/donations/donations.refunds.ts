import { createHash } from 'node:crypto';
import { Types } from 'mongoose';
import { REFUND_WINDOW_DAYS, type Actor, type CreateRefundInput, type RefundView } from '@tongxin/shared';
import { authorize } from '../access';
import type { AuditTrail } from '../audit/audit.port';
import { AppError, ConflictError, NotFoundError } from '../../platform/errors';
import type { DonationRecord, DonationsRepository, LedgerEntryRecord } from './donations.repository';
import type { DonationsService } from './donations.service';
import { RefundRefusedError, refundOrderOf, type PaymentRefunder } from './refund-provider';
import type { RefundPolls } from './refund-polls';
import type { RefundResults } from './refund-results';
import { refundId, type RefundRequestRecord } from './refunds.repository';

export type { PaymentRefunder };

const DAY_MS = 86_400_000;

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
 * Each refund is first a request `<donationId>:refund:<n>` (status `processing`): the unique `_id` makes
 * the n-th refund exclusive, and every refund not closed counts against what is left, so concurrent
 * refunds can never ask back more than was paid. The provider is asked under that id; the money leaves
 * the tally only when the provider reports it returned (RefundResults), by its answer, its signed
 * notification or a poll (RefundPolls). Idempotent by Idempotency-Key: a retry asks the provider again.
 */
export class DonationRefunds {
  constructor(
    private readonly repository: DonationsRepository,
    private readonly donations: DonationsService,
    private readonly audit: AuditTrail,
    private readonly refunder: PaymentRefunder,
    private readonly results: Pick<RefundResults, 'apply'>,
    private readonly polls: Pick<RefundPolls, 'schedule'>,
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
      const done = (await this.repository.refunds.chainOf(donation._id, donation.organizationId)).find((r) => r.idempotencyKey === idempotencyKey);
      if (!done) throw new ConflictError('REFUND_IN_PROGRESS');
      const current = done.status === 'processing' ? await this.ask(donation, done) : done;
      return { refund: await this.viewOf(donation, current), replayed: true };
    }
    const request = await this.append(actor, donation, paid, idempotencyKey, input);
    await this.audit.record({
      actor, action: 'donation:refund', subject: { type: 'donation', id: donationId },
      after: { refundId: request._id, amountFen: request.amountFen, matchReturnedFen: request.matchReturnedFen },
    });
    // The poll is the safety net for a result notification that never comes (or an ask that failed on the way).
    const current = await this.ask(donation, request).catch(async (error: unknown) => {
      await this.polls.schedule(request._id, 0);
      throw error;
    });
    if (current.status === 'processing' || current.status === 'abnormal') await this.polls.schedule(request._id, 0);
    return { refund: await this.viewOf(donation, current), replayed: false };
  }

  /**
   * Asks the provider (again) and applies its answer. An outright refusal closes the refund (nothing
   * was refunded) and reaches the organizer as the error; any other failure leaves it processing for
   * the organizer's retry and the poll.
   */
  private async ask(donation: DonationRecord, request: RefundRequestRecord): Promise<RefundRequestRecord> {
    const order = refundOrderOf(donation, request);
    try {
      await this.results.apply(await this.refunder.refund(order));
    } catch (error) {
      if (!(error instanceof RefundRefusedError)) throw error;
      await this.results.apply({ refundId: request._id, donationId: order.donationId, status: 'CLOSED', amountFen: request.amountFen });
      throw new AppError('PAYMENT_PROVIDER_FAILED', `refund ${request._id} refused: ${error.providerCode}`);
    }
    return (await this.repository.refunds.find(request._id)) ?? request;
  }

  private async append(actor: Actor, donation: DonationRecord, paid: LedgerEntryRecord, key: string, input: CreateRefundInput): Promise<RefundRequestRecord> {
    const match = await this.repository.findLedger(donation._id, 'match');
    for (let attempt = 0; attempt < MAX_ATTEMPTS; attempt++) {
      const chain = await this.repository.refunds.chainOf(donation._id, donation.organizationId);
      // A closed refund gave nothing back; every other one has (or may yet have) given its amount.
      const before = chain.filter((r) => r.status !== 'closed');
      const refundedBefore = before.reduce((sum, r) => sum + r.amountFen, 0);
      if (input.amountFen > paid.amountFen - refundedBefore) {
        throw new ConflictError('REFUND_NOT_ALLOWED', `最多可退 ${paid.amountFen - refundedBefore} 分`);
      }
      const returnedBefore = before.reduce((sum, r) => sum + r.matchReturnedFen, 0);
      const at = this.now();
      const request: RefundRequestRecord = {
        _id: refundId(donation._id, chain.length + 1),
        donationId: donation._id,
        campaignId: donation.campaignId,
        organizationId: donation.organizationId,
        userId: donation.userId,
        amountFen: input.amountFen,
        matchReturnedFen: matchShareOf(input.amountFen, paid.amountFen, match?.amountFen ?? 0, refundedBefore, returnedBefore),
        reason: input.reason,
        by: new Types.ObjectId(actor.userId),
        idempotencyKey: key,
        status: 'processing',
        requestedAt: at,
        updatedAt: at,
      };
      if (await this.repository.refunds.insert(request)) return request;
    }
    throw new ConflictError('REFUND_IN_PROGRESS');
  }

  private async viewOf(donation: DonationRecord, request: RefundRequestRecord): Promise<RefundView> {
    return {
      id: request._id,
      donationId: donation._id.toHexString(),
      status: request.status,
      amountFen: request.amountFen,
      matchReturnedFen: request.matchReturnedFen,
      reason: request.reason,
      at: request.requestedAt.toISOString(),
      ...(request.succeededAt ? { succeededAt: request.succeededAt.toISOString() } : {}),
      donation: await this.donations.view(donation, false),
    };
  }
}
