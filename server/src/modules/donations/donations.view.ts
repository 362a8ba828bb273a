import type { DonationView, PaymentParams } from '@tongxin/shared';
import { ANONYMOUS_DONOR } from '../campaigns';
import type { DonationRecord, LedgerEntryRecord } from './donations.repository';

/** "张三" → "张*": the first character and a star, whatever the length. */
export function maskName(displayName: string): string {
  const first = [...displayName.trim()][0];
  return first ? `${first}*` : ANONYMOUS_DONOR;
}

export function toDonationView(
  donation: DonationRecord,
  paid: LedgerEntryRecord | null,
  match: LedgerEntryRecord | null,
  payment?: PaymentParams,
  refundedFen = 0,
): DonationView {
  return {
    id: donation._id.toHexString(),
    campaignId: donation.campaignId.toHexString(),
    amountFen: donation.amountFen,
    matchedFen: match?.amountFen ?? 0,
    anonymous: donation.anonymous,
    onLeaderboard: donation.onLeaderboard === true,
    message: donation.message,
    status: paid ? 'paid' : 'pending',
    refundedFen,
    createdAt: donation.createdAt.toISOString(),
    ...(paid ? { paidAt: paid.at.toISOString() } : {}),
    ...(!paid && payment ? { payment } : {}),
  };
}
