import type { CreateReceiptRequestInput, Page, ReceiptRequestView } from '@tongxin/shared';
import { api } from '@/services/api';

export const myReceiptRequestsKey = ['me', 'receipt-requests'] as const;

export function fetchMyReceiptRequests(cursor?: string): Promise<Page<ReceiptRequestView>> {
  return api.get<Page<ReceiptRequestView>>('/me/receipt-requests', { cursor, limit: 20 });
}

/** Asks for a receipt; sending the same donations and payer again returns the same request. */
export function createReceiptRequest(input: CreateReceiptRequestInput): Promise<ReceiptRequestView> {
  return api.post<ReceiptRequestView>('/me/receipt-requests', input);
}
