import { createHash } from 'node:crypto';
import { Types } from 'mongoose';
import {
  receiptRequestOpen, type Actor, type CreateReceiptRequestInput, type DeclineReceiptRequestInput, type IssueReceiptRequestInput,
  type ListReceiptRequestsQuery, type Page, type ReceiptPayer, type ReceiptRequestView,
} from '@tongxin/shared';
import { authorize } from '../access';
import type { AuditTrail } from '../audit/audit.port';
import { ConflictError, NotFoundError } from '../../platform/errors';
import type { PiiCipher } from '../../platform/pii-cipher';
import type { DonorInbox } from './donor-inbox';
import type { DonationsRepository } from './donations.repository';
import { ReceiptClaims } from './receipt-claims';
import type { ReceiptReminders } from './receipt-reminders';
import type { ReceiptRequestLine, ReceiptRequestRecord, ReceiptRequestsRepository } from './receipt-requests.repository';
import { sumReceived, toReceiptRequestView } from './receipt-requests.view';
import type { DonationReceipts } from './receipts.service';

/** What makes two submissions "the same request": the donations (in any order) and the payer. */
function requestHashOf(userId: string, input: CreateReceiptRequestInput): string {
  return createHash('sha256').update(JSON.stringify([userId, [...input.donationIds].sort(), input.payer])).digest('hex');
}

/**
 * Receipt requests (捐赠票据申请): a donor asks the receiving organization to make out a receipt for
 * chosen paid donations, within 3 months of giving and in the same calendar year, to a payer (a person
 * or an organization). Every paid donation also has its automatic payment record (`DonationReceipts`,
 * its number shown in the history); a request is the donor's ask for the organization's formal receipt,
 * and carries the amount actually received. A donation is on at most one request (`ReceiptClaims`).
 * The payer's name is personal data: the organization's lists show it masked, and every unmasked view
 * (the organization's `payerOf`, the donor's own list) is written to the audit trail.
 */
export class ReceiptRequests {
  private readonly claims: ReceiptClaims;

  constructor(
    private readonly repository: ReceiptRequestsRepository,
    private readonly donations: DonationsRepository,
    private readonly receipts: Pick<DonationReceipts, 'recordOf'>,
    private readonly reminders: Pick<ReceiptReminders, 'cancel' | 'restore'>,
    private readonly cipher: PiiCipher,
    private readonly audit: AuditTrail,
    private readonly inbox: DonorInbox,
    private readonly now: () => Date = () => new Date(),
  ) {
    this.claims = new ReceiptClaims(repository);
  }

  /** `at` is the moment of asking (the clock by default; tests pass the window's edges). */
  async request(actor: Actor, input: CreateReceiptRequestInput, at: Date = this.now()): Promise<{ request: ReceiptRequestView; replayed: boolean }> {
    authorize(actor, 'receipt-request:create');
    const hash = requestHashOf(actor.userId, input);
    const earlier = await this.sameRequestAs(actor, hash, input.donationIds);
    if (earlier) return { request: this.view(earlier, false), replayed: true };
    const lines = await this.linesOf(actor, input.donationIds, at);
    const organizationId = lines[0]!.organizationId;
    if (lines.some((l) => !l.organizationId.equals(organizationId))) throw new ConflictError('RECEIPT_ORGANIZATIONS_MIXED');
    const id = new Types.ObjectId();
    const record: ReceiptRequestRecord = {
      _id: id,
      userId: new Types.ObjectId(actor.userId),
      organizationId,
      organizationName: lines[0]!.organizationName,
      requestHash: hash,
      payerKind: input.payer.kind,
      payerSealed: this.cipher.seal(JSON.stringify(input.payer), id.toHexString()),
      lines: lines.map(({ organizationId: _o, organizationName: _n, ...line }) => line),
      state: 'claiming',
      requestedAt: at,
    };
    await this.repository.insertRequest(record);
    const outcome = await this.claims.claimAll(record, at);
    if (!outcome.held) {
      if (outcome.holder?.requestHash === hash && outcome.holder.state !== 'claiming') return { request: this.view(outcome.holder, false), replayed: true };
      throw new ConflictError('RECEIPT_ALREADY_REQUESTED');
    }
    const requested = await this.repository.moveState(id, 'claiming', { state: 'requested' });
    if (!requested) {
      await this.repository.releaseClaims(id);
      throw new ConflictError('RECEIPT_ALREADY_REQUESTED');
    }
    await this.reminders.cancel(input.donationIds);
    return { request: this.view(requested, false), replayed: false };
  }

  /** The donor's own requests with their payers unmasked: an unmasked read, so it is on the record. */
  async listMine(actor: Actor, query: ListReceiptRequestsQuery): Promise<Page<ReceiptRequestView>> {
    const page = await this.page({ userId: new Types.ObjectId(actor.userId), ...(query.status ? { state: query.status } : {}) }, query, false);
    if (page.items.length > 0) {
      await this.audit.record({
        actor, action: 'receipt-request:view-payer', subject: { type: 'user', id: actor.userId }, after: { requestIds: page.items.map((r) => r.id) },
      });
    }
    return page;
  }

  /** The organizer's list: requests for the organization's campaigns, payers masked. */
  async listForOrganization(actor: Actor, organizationId: string, query: ListReceiptRequestsQuery): Promise<Page<ReceiptRequestView>> {
    authorize(actor, 'receipt-request:manage', { organizationId });
    return this.page({ organizationId: new Types.ObjectId(organizationId), ...(query.status ? { state: query.status } : {}) }, query, true);
  }

  /** The full payer, for the organization's admin making the receipt out; each view is audited (who, which, when, from where). */
  async payerOf(actor: Actor, requestId: string): Promise<ReceiptPayer> {
    const request = await this.visible(requestId);
    authorize(actor, 'receipt-request:manage', { organizationId: request.organizationId.toHexString() });
    const payer = this.payerIn(request);
    await this.audit.record({
      actor, action: 'receipt-request:view-payer', subject: { type: 'receipt-request', id: requestId }, after: { payerKind: payer.kind },
    });
    return payer;
  }

  /**
   * Declines a request with a reason the donor reads; its donations are given back for a new request.
   * The same reason again changes nothing more, but finishes what a crash after the state move left
   * undone (every step after it is idempotent), so the retry of a failed decline completes it.
   */
  async decline(actor: Actor, requestId: string, input: DeclineReceiptRequestInput): Promise<{ request: ReceiptRequestView; replayed: boolean }> {
    const request = await this.visible(requestId);
    authorize(actor, 'receipt-request:manage', { organizationId: request.organizationId.toHexString() });
    if (request.state === 'declined') {
      if (request.declineReason !== input.reason) throw new ConflictError('RECEIPT_ALREADY_DECLINED');
      await this.afterDecline(actor, request, input.reason, true);
      return { request: this.view(request, true), replayed: true };
    }
    if (request.state === 'issued') throw new ConflictError('RECEIPT_ALREADY_ISSUED');
    // Before the move, so a crash after it cannot lose them; delivery skips a donation still claimed
    // by a live request, so a move that loses to an issue leaves only reminders that are never sent.
    await this.reminders.restore(request.lines.map((l) => ({ donationId: l.donationId.toHexString(), paidAt: l.paidAt })));
    const declined = await this.repository.moveState(request._id, 'requested', {
      state: 'declined', declinedAt: this.now(), declinedBy: new Types.ObjectId(actor.userId), declineReason: input.reason,
    });
    if (!declined) return this.decline(actor, requestId, input);
    await this.afterDecline(actor, declined, input.reason, false);
    return { request: this.view(declined, true), replayed: false };
  }

  /** The donations given back, the audit entry and the donor told; each step safe to repeat. */
  private async afterDecline(actor: Actor, request: ReceiptRequestRecord, reason: string, replayed: boolean): Promise<void> {
    const requestId = request._id.toHexString();
    await this.repository.releaseClaims(request._id);
    if (replayed) await this.reminders.restore(request.lines.map((l) => ({ donationId: l.donationId.toHexString(), paidAt: l.paidAt })));
    await this.audit.record({
      actor, action: 'receipt-request:decline', subject: { type: 'receipt-request', id: requestId },
      before: { state: 'requested' }, after: { state: 'declined' }, once: replayed,
    });
    await this.inbox.deliver(request.userId.toHexString(), {
      id: `receipt-declined:${requestId}`, kind: 'receipt-declined', title: '捐赠票据申请被退回',
      body: `${request.organizationName}退回了您的捐赠票据申请：${reason}。您可修改后重新申请。`,
      data: { receiptRequestId: requestId },
    });
  }

  /** Marks a request issued with the receipt's number and the amounts received now; the same number again changes nothing. */
  async issue(actor: Actor, requestId: string, input: IssueReceiptRequestInput): Promise<{ request: ReceiptRequestView; replayed: boolean }> {
    const request = await this.visible(requestId);
    authorize(actor, 'receipt-request:manage', { organizationId: request.organizationId.toHexString() });
    if (request.state === 'declined') throw new ConflictError('RECEIPT_ALREADY_DECLINED');
    if (request.state === 'issued') {
      if (request.receiptNumber === input.receiptNumber) return { request: this.view(request, true), replayed: true };
      throw new ConflictError('RECEIPT_ALREADY_ISSUED');
    }
    const lines = await Promise.all(request.lines.map(async (line) => ({ ...line, receivedFen: line.amountFen - await this.refundedFen(line.donationId) })));
    if (lines.every((l) => l.receivedFen <= 0)) throw new ConflictError('RECEIPT_NOTHING_RECEIVED');
    const at = this.now();
    const issued = await this.repository.moveState(request._id, 'requested', {
      state: 'issued', lines, receiptNumber: input.receiptNumber, issuedAt: at, issuedBy: new Types.ObjectId(actor.userId),
    });
    if (!issued) return this.issue(actor, requestId, input);
    await this.audit.record({
      actor, action: 'receipt-request:issue', subject: { type: 'receipt-request', id: requestId },
      before: { state: 'requested' }, after: { state: 'issued', receiptNumber: input.receiptNumber, receivedFen: sumReceived(lines) },
    });
    await this.inbox.deliver(request.userId.toHexString(), {
      id: `receipt-issued:${requestId}`, kind: 'receipt-issued', title: '捐赠票据已开具',
      body: `${request.organizationName}已为您开具捐赠票据（票据号 ${input.receiptNumber}）。`,
      data: { receiptRequestId: requestId },
    });
    return { request: this.view(issued, true), replayed: false };
  }

  /** A request the organization can see (claiming and void ones do not exist for it). */
  private async visible(requestId: string): Promise<ReceiptRequestRecord> {
    const request = await this.repository.findRequest(requestId);
    if (!request || request.state === 'claiming' || request.state === 'void') throw new NotFoundError('票据申请不存在');
    return request;
  }

  private async page(filter: Parameters<ReceiptRequestsRepository['list']>[0], query: ListReceiptRequestsQuery, masked: boolean): Promise<Page<ReceiptRequestView>> {
    const found = await this.repository.list(filter, query.cursor ? new Types.ObjectId(query.cursor) : undefined, query.limit + 1);
    const items = found.slice(0, query.limit).map((r) => this.view(r, masked));
    return { items, nextCursor: found.length > query.limit ? items.at(-1)!.id : null };
  }

  /** The visible request of this donor that already holds the first donation under the same hash: a retry. */
  private async sameRequestAs(actor: Actor, hash: string, donationIds: readonly string[]): Promise<ReceiptRequestRecord | null> {
    const claim = await this.repository.findClaim(new Types.ObjectId([...donationIds].sort()[0]!));
    const holder = claim ? await this.repository.findRequest(claim.requestId) : null;
    const visible = holder && (holder.state === 'requested' || holder.state === 'issued');
    return visible && holder.userId.toHexString() === actor.userId && holder.requestHash === hash ? holder : null;
  }

  /** Each donation, checked: the donor's own (others are "not found"), paid, inside the window, something received. */
  private async linesOf(actor: Actor, donationIds: readonly string[], at: Date) {
    const sorted = [...donationIds].sort();
    return Promise.all(sorted.map(async (id) => {
      const donation = await this.donations.findDonation(id);
      if (!donation || donation.userId.toHexString() !== actor.userId) throw new NotFoundError(`捐赠记录 ${id} 不存在`);
      const paid = await this.donations.findLedger(donation._id, 'paid');
      if (!paid) throw new ConflictError('RECEIPT_NOT_AVAILABLE');
      if (!receiptRequestOpen(paid.at, at)) throw new ConflictError('RECEIPT_WINDOW_CLOSED');
      const receivedFen = donation.amountFen - await this.refundedFen(donation._id);
      if (receivedFen <= 0) throw new ConflictError('RECEIPT_NOTHING_RECEIVED');
      const receipt = await this.receipts.recordOf(donation);
      const line: ReceiptRequestLine = {
        donationId: donation._id, campaignId: donation.campaignId, campaignTitle: receipt.campaignTitle,
        amountFen: donation.amountFen, receivedFen, paidAt: paid.at,
      };
      return { ...line, organizationId: donation.organizationId, organizationName: receipt.organizationName };
    }));
  }

  private async refundedFen(donationId: Types.ObjectId): Promise<number> {
    return (await this.donations.refundsOf(donationId)).reduce((sum, r) => sum + r.amountFen, 0);
  }

  private payerIn(record: ReceiptRequestRecord): ReceiptPayer {
    return JSON.parse(this.cipher.open(record.payerSealed, record._id.toHexString())) as ReceiptPayer;
  }

  private view(record: ReceiptRequestRecord, masked: boolean): ReceiptRequestView {
    return toReceiptRequestView(record, this.payerIn(record), masked);
  }
}
