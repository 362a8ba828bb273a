import { z } from './zod';
import { objectIdSchema } from './common';
import { isValidCreditCode } from '../domain/credit-code';

/** Donations one receipt request may cover. */
export const RECEIPT_REQUEST_MAX_DONATIONS = 50;

/** Who the receipt is made out to: a person by name, or an organization by name and credit code. */
export const receiptPayerSchema = z.discriminatedUnion('kind', [
  z.strictObject({
    kind: z.literal('person'),
    name: z.string({ message: '请填写付款人姓名' }).trim().min(2, '付款人姓名至少 2 个字').max(30, '付款人姓名最多 30 个字'),
  }),
  z.strictObject({
    kind: z.literal('organization'),
    name: z.string({ message: '请填写单位名称' }).trim().min(2, '单位名称至少 2 个字').max(60, '单位名称最多 60 个字'),
    creditCode: z.string({ message: '请填写统一社会信用代码' }).trim().toUpperCase()
      .refine(isValidCreditCode, '统一社会信用代码不正确'),
  }),
], { message: '请选择付款人类型' });

export type ReceiptPayer = z.infer<typeof receiptPayerSchema>;

/** `POST /api/v1/me/receipt-requests`: the donor's own paid donations, all to one organization. */
export const createReceiptRequestSchema = z.strictObject({
  donationIds: z.array(objectIdSchema, { message: '请选择要开具票据的捐赠' })
    .min(1, '请至少选择一笔捐赠')
    .max(RECEIPT_REQUEST_MAX_DONATIONS, `一次最多选择 ${RECEIPT_REQUEST_MAX_DONATIONS} 笔捐赠`)
    .refine((ids) => new Set(ids).size === ids.length, '捐赠不能重复选择'),
  payer: receiptPayerSchema,
});

export type CreateReceiptRequestInput = z.infer<typeof createReceiptRequestSchema>;

export const receiptRequestParamsSchema = z.strictObject({ requestId: objectIdSchema });

/** `POST /api/v1/receipt-requests/:requestId/issue`: the number of the receipt the organization made out. */
export const issueReceiptRequestSchema = z.strictObject({
  receiptNumber: z.string({ message: '请填写票据号码' }).trim().regex(/^[A-Za-z0-9-]{4,40}$/, '票据号码须为 4–40 位字母、数字或 -'),
});

export type IssueReceiptRequestInput = z.infer<typeof issueReceiptRequestSchema>;

/** `POST /api/v1/receipt-requests/:requestId/decline`: why the organization will not make this receipt out (the donor reads it). */
export const declineReceiptRequestSchema = z.strictObject({
  reason: z.string({ message: '请填写退回原因' }).trim().min(2, '请填写退回原因').max(200, '退回原因最多 200 个字'),
});

export type DeclineReceiptRequestInput = z.infer<typeof declineReceiptRequestSchema>;

/** `declined`: the organization declined it with a reason; its donations may be requested again. */
export const RECEIPT_REQUEST_STATUSES = ['requested', 'issued', 'declined'] as const;
export type ReceiptRequestStatus = (typeof RECEIPT_REQUEST_STATUSES)[number];

export const listReceiptRequestsQuerySchema = z.strictObject({
  status: z.enum(RECEIPT_REQUEST_STATUSES, { message: '状态不正确' }).optional(),
  cursor: z.string().regex(/^[a-f0-9]{24}$/, '分页游标不正确').optional(),
  limit: z.coerce.number().int().min(1).max(100).default(20),
});

export type ListReceiptRequestsQuery = z.infer<typeof listReceiptRequestsQuerySchema>;

/** One donation on a request. */
export interface ReceiptRequestLineView {
  donationId: string;
  campaignId: string;
  campaignTitle: string;
  /** Paid, fen. */
  amountFen: number;
  /** Actually received (paid minus refunds), fen: when issued, as it was at issue. */
  receivedFen: number;
  paidAt: string;
}

/** A donor's request for a receipt (捐赠票据申请) and, once the organization made it out, its number. */
export interface ReceiptRequestView {
  id: string;
  status: ReceiptRequestStatus;
  organization: { id: string; name: string };
  /**
   * Who the receipt is made out to. The organization's lists show it masked (张*, a credit code's middle
   * starred); the full payer comes only from `GET /receipt-requests/:id/payer`, and that view is audited.
   */
  payer: ReceiptPayer;
  /** True when `payer` is masked. */
  payerMasked: boolean;
  lines: ReceiptRequestLineView[];
  /** Sum of the lines' received amounts, fen: what the receipt carries. */
  receivedFen: number;
  requestedAt: string;
  issuedAt?: string;
  receiptNumber?: string;
  declinedAt?: string;
  /** The organization's reason for declining, shown to the donor. */
  declineReason?: string;
}
