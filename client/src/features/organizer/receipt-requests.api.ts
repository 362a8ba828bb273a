import type { Page, ReceiptPayer, ReceiptRequestStatus, ReceiptRequestView } from '@tongxin/shared';
import { api } from '@/services/api';

export const orgReceiptRequestsKey = (organizationId: string, status: ReceiptRequestStatus) => ['organizer', 'receipt-requests', organizationId, status] as const;

/** The organization's receipt requests in one status, newest first; payers come masked. */
export function fetchOrgReceiptRequests(organizationId: string, status: ReceiptRequestStatus): Promise<Page<ReceiptRequestView>> {
  return api.get<Page<ReceiptRequestView>>(`/organizations/${organizationId}/receipt-requests`, { status, limit: 50 });
}

/** The whole payer, to make the receipt out: every call is written to the audit trail, so only on the admin's tap. */
export function fetchReceiptPayer(requestId: string): Promise<ReceiptPayer> {
  return api.get<ReceiptPayer>(`/receipt-requests/${requestId}/payer`);
}

/** Marks the request issued with the receipt's number; the same number again is a no-op. */
export function issueReceiptRequest(requestId: string, receiptNumber: string): Promise<ReceiptRequestView> {
  return api.post<ReceiptRequestView>(`/receipt-requests/${requestId}/issue`, { receiptNumber });
}

/** Declines the request with a reason the donor reads; the donor may ask again. */
export function declineReceiptRequest(requestId: string, reason: string): Promise<ReceiptRequestView> {
  return api.post<ReceiptRequestView>(`/receipt-requests/${requestId}/decline`, { reason });
}
