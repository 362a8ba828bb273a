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
  message: string;
  status: DonationStatus;
  createdAt: string;
  paidAt?: string;
  /** Present while the donation is pending. */
  payment?: PaymentParams;
}

export type CreateDonationInput = z.infer<typeof createDonationSchema>;
