import { receiptRequestDeadline, receiptRequestOpen, shanghaiDayOf, type DonationView } from '@tongxin/shared';

/** Paid, not on a request yet, something received, and inside the window (3 months, same calendar year). */
export function canRequestReceipt(donation: DonationView, now: Date): boolean {
  return donation.status === 'paid' && donation.paidAt !== undefined && donation.receiptRequestId === undefined
    && donation.amountFen - donation.refundedFen > 0 && receiptRequestOpen(new Date(donation.paidAt), now);
}

/** The last Shanghai day a receipt may be requested for a donation paid at `paidAt` ("2026-12-31"). */
export function lastRequestDay(paidAt: string): string {
  return shanghaiDayOf(new Date(receiptRequestDeadline(new Date(paidAt)).getTime() - 1));
}
