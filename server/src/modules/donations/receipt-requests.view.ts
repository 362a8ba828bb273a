import type { ReceiptPayer, ReceiptRequestView } from '@tongxin/shared';
import type { ReceiptRequestLine, ReceiptRequestRecord } from './receipt-requests.repository';

/** "张三" → "张*"; an organization keeps its name (not personal data) and shows its credit code as `915101**********0X`. */
export function maskPayer(payer: ReceiptPayer): ReceiptPayer {
  if (payer.kind === 'person') return { kind: 'person', name: `${[...payer.name.trim()][0] ?? ''}*` };
  return { kind: 'organization', name: payer.name, creditCode: `${payer.creditCode.slice(0, 6)}${'*'.repeat(10)}${payer.creditCode.slice(-2)}` };
}

export function sumReceived(lines: ReadonlyArray<Pick<ReceiptRequestLine, 'receivedFen'>>): number {
  return lines.reduce((sum, l) => sum + Math.max(0, l.receivedFen), 0);
}

const STATUS_OF: Partial<Record<ReceiptRequestRecord['state'], ReceiptRequestView['status']>> = { issued: 'issued', declined: 'declined' };

/** The request as a client sees it; `payer` is already opened, and masked unless this view is on the record. */
export function toReceiptRequestView(record: ReceiptRequestRecord, payer: ReceiptPayer, masked: boolean): ReceiptRequestView {
  return {
    id: record._id.toHexString(),
    status: STATUS_OF[record.state] ?? 'requested',
    organization: { id: record.organizationId.toHexString(), name: record.organizationName },
    payer: masked ? maskPayer(payer) : payer,
    payerMasked: masked,
    lines: record.lines.map((l) => ({
      donationId: l.donationId.toHexString(), campaignId: l.campaignId.toHexString(), campaignTitle: l.campaignTitle,
      amountFen: l.amountFen, receivedFen: l.receivedFen, paidAt: l.paidAt.toISOString(),
    })),
    receivedFen: sumReceived(record.lines),
    requestedAt: record.requestedAt.toISOString(),
    ...(record.issuedAt ? { issuedAt: record.issuedAt.toISOString() } : {}),
    ...(record.receiptNumber ? { receiptNumber: record.receiptNumber } : {}),
    ...(record.declinedAt ? { declinedAt: record.declinedAt.toISOString() } : {}),
    ...(record.declineReason ? { declineReason: record.declineReason } : {}),
  };
}
