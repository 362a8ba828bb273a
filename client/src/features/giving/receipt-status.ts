import type { ReceiptRequestStatus } from '@tongxin/shared';

/** How a receipt request's status reads, to donors and organizers alike. */
export const RECEIPT_STATUS_LABELS: Record<ReceiptRequestStatus, string> = { requested: '待开具', issued: '已开具', declined: '已退回' };
