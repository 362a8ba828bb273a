import { receiptReminderAfterDecline, receiptRequestDeadline, receiptReminderDue, receiptRequestOpen, shanghaiDayOf } from '@tongxin/shared';
import type { Types } from 'mongoose';
import type { DueIndex } from '../../platform/due-index';
import { routed } from '../../platform/due-index';
import type { DonorInbox } from './donor-inbox';
import type { DonationsRepository } from './donations.repository';
import type { ReceiptRequestsRepository } from './receipt-requests.repository';
import type { ReceiptsRepository } from './receipts.repository';

/** This module's route in the shared due-time index. */
export const RECEIPT_REMINDER_ROUTE = 'receipt';

export const receiptReminderMember = (donationId: string) => routed(RECEIPT_REMINDER_ROUTE, `${donationId}|window`);

export type ReceiptReminderOutcome = 'sent' | 'already-sent' | 'skipped' | 'deferred' | 'disabled';

/**
 * "Your receipt window closes soon": one member per paid donation in the notifications module's
 * due-time index (scheduled by the thank-you worker, off the giving-day path, removed by a request and
 * put back when the request is declined), due a week before the
 * window closes. Delivered only while the donation is still unrequested, something of it was received
 * and the window is open. Donations whose windows close on the same Shanghai day share one notice
 * (`receipt-window-closing:<userId>:<last day>`), so a donor who gave ten times is reminded once.
 */
export class ReceiptReminders {
  constructor(
    private readonly index: DueIndex,
    private readonly donations: DonationsRepository,
    private readonly receipts: ReceiptsRepository,
    private readonly requests: ReceiptRequestsRepository,
    private readonly inbox: DonorInbox,
    private readonly now: () => Date = () => new Date(),
  ) {
    index.route(RECEIPT_REMINDER_ROUTE, (member) => this.deliver(member));
  }

  /** Idempotent (`ZADD`); nothing when the window is too short for a reminder. */
  async schedule(donationId: string, paidAt: Date): Promise<void> {
    const due = receiptReminderDue(paidAt);
    if (due && due.getTime() > this.now().getTime() - 60_000) await this.index.put(receiptReminderMember(donationId), due);
  }

  /**
   * Donations a declined request gave back get their reminder again (idempotent `ZADD`): at the usual
   * time, or now when that has passed and the window is still open.
   */
  async restore(donations: ReadonlyArray<{ donationId: string; paidAt: Date }>): Promise<void> {
    for (const { donationId, paidAt } of donations) {
      const due = receiptReminderAfterDecline(paidAt, this.now());
      if (due) await this.index.put(receiptReminderMember(donationId), due);
    }
  }

  async cancel(donationIds: readonly string[]): Promise<void> {
    await this.index.remove(...donationIds.map(receiptReminderMember));
  }

  async scheduledAt(donationId: string): Promise<Date | null> {
    return this.index.dueAt(receiptReminderMember(donationId));
  }

  /** A claim left by a declined or void request (a crash before its release) does not hold the donation. */
  private async claimedByLiveRequest(donationId: Types.ObjectId): Promise<boolean> {
    const claim = await this.requests.findClaim(donationId);
    if (!claim) return false;
    const holder = await this.requests.findRequest(claim.requestId);
    return holder !== null && holder.state !== 'declined' && holder.state !== 'void';
  }

  /** `member` is `<donationId>|window` (without the route tag). */
  async deliver(member: string): Promise<ReceiptReminderOutcome> {
    const [donationId, kind] = member.split('|');
    if (kind !== 'window' || !donationId) return 'skipped';
    const donation = await this.donations.findDonation(donationId);
    const paid = donation ? await this.donations.findLedger(donation._id, 'paid') : null;
    if (!donation || !paid || !receiptRequestOpen(paid.at, this.now())) return 'skipped';
    if (await this.claimedByLiveRequest(donation._id)) return 'skipped';
    const refunded = (await this.donations.refundsOf(donation._id)).reduce((sum, r) => sum + r.amountFen, 0);
    const receipt = await this.receipts.findById(donation._id);
    if (refunded >= donation.amountFen || !receipt) return 'skipped';
    const lastDay = shanghaiDayOf(new Date(receiptRequestDeadline(paid.at).getTime() - 1));
    const userId = donation.userId.toHexString();
    const outcome = await this.inbox.deliver(userId, {
      id: `receipt-window-closing:${userId}:${lastDay}`,
      kind: 'receipt-window-closing',
      title: '捐赠票据申请即将截止',
      body: `您为「${receipt.campaignTitle}」等项目的捐赠可申请捐赠票据，请在 ${lastDay} 前（北京时间）申请，逾期将无法申请。`,
      data: { donationId, lastDay },
    });
    return outcome === 'delivered' ? 'sent' : outcome === 'duplicate' ? 'already-sent' : outcome as ReceiptReminderOutcome;
  }
}
