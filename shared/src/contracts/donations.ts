import { z } from './zod';
import { objectIdSchema } from './common';

/** Per-donation limits, in fen and characters; the client validates with the same numbers. */
export const DONATION_LIMITS = {
  minFen: 100,
  maxFen: 5_000_000,
  messageMaxChars: 50,
} as const;

export const createDonationSchema = z.strictObject({
  /** Amount in fen. */
  amountFen: z
    .number({ message: '请填写捐赠金额' })
    .int('金额须为整数（分）')
    .min(DONATION_LIMITS.minFen, `单笔捐赠至少 ${DONATION_LIMITS.minFen / 100} 元`)
    .max(DONATION_LIMITS.maxFen, `单笔捐赠最多 ${DONATION_LIMITS.maxFen / 100} 元`),
  anonymous: z.boolean().default(false),
  /**
   * Opt in to the campaign's donor leaderboard (上榜显示), masked "张*"; an anonymous gift is listed
   * as "爱心人士" (see CampaignTallies.apply).
   */
  onLeaderboard: z.boolean().default(false),
  message: z.string().trim().max(DONATION_LIMITS.messageMaxChars, `留言最多 ${DONATION_LIMITS.messageMaxChars} 个字`).default(''),
});

/** The client's `Idempotency-Key` header: one key per intended donation, reused on retries. */
export const idempotencyKeySchema = z.string({ message: '缺少 Idempotency-Key 请求头' })
  .regex(/^[A-Za-z0-9_-]{8,64}$/, 'Idempotency-Key 须为 8–64 位字母、数字、- 或 _');

export const donationParamsSchema = z.strictObject({ donationId: objectIdSchema });

export type DonationStatus = 'pending' | 'paid';

/** What the client needs to start paying: WeChat JSAPI parameters, or the sandbox's pay path. */
export type PaymentParams =
  | { provider: 'sandbox'; payPath: string }
  | { provider: 'wechat'; appId: string; timeStamp: string; nonceStr: string; package: string; signType: 'RSA'; paySign: string };

export interface DonationView {
  id: string;
  campaignId: string;
  /** Amount in fen. */
  amountFen: number;
  /** Matching funds drawn for this donation, in fen (0 until paid). */
  matchedFen: number;
  anonymous: boolean;
  /** Whether the donor asked to be shown on the campaign's leaderboard. */
  onLeaderboard: boolean;
  message: string;
  status: DonationStatus;
  /** Refunded so far, in fen (a paid donation only); the amount actually received is amountFen − refundedFen. */
  refundedFen: number;
  createdAt: string;
  paidAt?: string;
  /** Present while the donation is pending. */
  payment?: PaymentParams;
  /** The receipt's number once the donation is paid (shown to the donor in their history). */
  receiptNumber?: string;
  /** In the donor's history: the receipt request (捐赠票据申请) this paid donation is on, if any. */
  receiptRequestId?: string;
}

/**
 * A donation receipt (捐赠票据), one per paid donation, issued when the payment is settled. The
 * organization's name and credit code and the campaign title are as they were at issue.
 */
export interface DonationReceiptView {
  /** `TX<YYYYMMDD, Shanghai>-<donation id>`: unique, and the same however often it is read. */
  number: string;
  donationId: string;
  campaignId: string;
  campaignTitle: string;
  organization: { id: string; name: string; creditCode: string };
  /** Amount the donor paid, in fen. */
  amountFen: number;
  /** Amount actually received: paid minus refunded so far, in fen. */
  receivedFen: number;
  /** When the payment succeeded, UTC ISO. */
  paidAt: string;
  /** The same instant for a Chinese reader in Asia/Shanghai, "2026/11/29 09:30". */
  paidAtLocal: string;
  issuedAt: string;
  timeZone: 'Asia/Shanghai';
}

export type CreateDonationInput = z.infer<typeof createDonationSchema>;

/** How long after payment an organization may refund a donation, days. */
export const REFUND_WINDOW_DAYS = 30;

export const createRefundSchema = z.strictObject({
  /** Amount to refund in fen; at most what is left of the donation. */
  amountFen: z.number({ message: '请填写退款金额' }).int('金额须为整数（分）').min(1, '退款金额须大于 0'),
  reason: z.string({ message: '请填写退款原因' }).trim().min(2, '请填写退款原因').max(200, '退款原因最多 200 个字'),
});

export type CreateRefundInput = z.infer<typeof createRefundSchema>;

/**
 * Where a refund stands at the payment provider: `processing` until WeChat Pay reports it; `succeeded`
 * (the money is back with the donor, and only now has it left the tally), `abnormal` (the bank refused
 * the way back, e.g. a closed card: the organization must act in the merchant platform; it may still
 * succeed), `closed` (it will not happen; the money stays with the campaign).
 */
export const REFUND_STATUSES = ['processing', 'succeeded', 'abnormal', 'closed'] as const;
export type RefundStatus = (typeof REFUND_STATUSES)[number];

export interface RefundView {
  id: string;
  donationId: string;
  status: RefundStatus;
  /** Amount refunded to the donor by this refund, in fen. */
  amountFen: number;
  /** Matching funds returned to the sponsor pool with it, in fen. */
  matchReturnedFen: number;
  reason: string;
  /** When the refund was asked for, UTC ISO. */
  at: string;
  /** When the money was back with the donor (status `succeeded`), UTC ISO. */
  succeededAt?: string;
  /** The donation after the refund. */
  donation: DonationView;
}
