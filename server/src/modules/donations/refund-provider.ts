import type { Types } from 'mongoose';

/** A refund as the payment provider is asked for it; amounts in fen. */
export interface RefundOrder {
  donationId: string;
  /** Our refund id, `<donationId>:refund:<n>`: the provider refunds once per id, so asking again is safe. */
  refundId: string;
  reason: string;
  amountFen: number;
  /** What the donation paid in all. */
  totalFen: number;
}

/**
 * Where a refund stands at the provider, in WeChat Pay's words; `UNKNOWN`: the provider has no such
 * refund (the request never reached it), so it may be asked again.
 */
export type ProviderRefundStatus = 'PROCESSING' | 'SUCCESS' | 'CLOSED' | 'ABNORMAL' | 'UNKNOWN';

/** The provider's word on one refund: from its answer, its refund result notification or its query API. */
export interface ProviderRefundResult {
  refundId: string;
  donationId: string;
  status: ProviderRefundStatus;
  /** Fen the provider says it refunds; checked against the refund asked for. */
  amountFen: number;
  providerRefundId?: string;
  /** When the money reached the donor (`SUCCESS`). */
  succeededAt?: Date;
}

/** Gives the money back through the payment provider (the payments module's; the sandbox in development). */
export interface PaymentRefunder {
  /** Asks for the refund; idempotent by `refundId`. Throws RefundRefusedError when the provider refused it outright. */
  refund(order: RefundOrder): Promise<ProviderRefundResult>;
  /** Asks where the refund stands (the poll for results whose notification never came). */
  query(order: RefundOrder): Promise<ProviderRefundResult>;
}

/** The provider refused the refund outright (e.g. WeChat Pay's NOT_ENOUGH): nothing was refunded. */
export class RefundRefusedError extends Error {
  constructor(readonly providerCode: string, message: string) {
    super(message);
    this.name = 'RefundRefusedError';
  }
}

/** The order for one refund request of a donation. */
export function refundOrderOf(
  donation: { _id: Types.ObjectId; amountFen: number },
  request: { _id: string; reason: string; amountFen: number },
): RefundOrder {
  return { donationId: donation._id.toHexString(), refundId: request._id, reason: request.reason, amountFen: request.amountFen, totalFen: donation.amountFen };
}
