import type { Types } from 'mongoose';
import type { ReceiptRequestRecord, ReceiptRequestsRepository } from './receipt-requests.repository';

/** A request still `claiming` after this long was abandoned by a crashed process; ms. */
export const STALE_CLAIMING_MS = 60_000;

/** The outcome of claiming a request's donations: all held, or the request holding the first one that was not free. */
export type ClaimOutcome = { held: true } | { held: false; holder: ReceiptRequestRecord | null };

/**
 * Claims each donation of a request by inserting `<donationId>` into the claims collection (the
 * unique `_id` is the "at most one request" rule, with no read-then-write race). A claim whose request
 * is gone, void, or abandoned mid-claiming is dead and is taken over by a conditional update, so a
 * crash never locks a donation for good. Donations are claimed in id order, so two requests racing
 * for overlapping donations meet at the first shared one.
 */
export class ReceiptClaims {
  constructor(private readonly repository: ReceiptRequestsRepository) {}

  async claimAll(request: ReceiptRequestRecord, now: Date): Promise<ClaimOutcome> {
    for (const { donationId } of request.lines) {
      const outcome = await this.claimOne(donationId, request._id, now);
      if (!outcome.held) {
        await this.repository.releaseClaims(request._id);
        await this.repository.deleteRequest(request._id);
        return outcome;
      }
    }
    return { held: true };
  }

  private async claimOne(donationId: Types.ObjectId, requestId: Types.ObjectId, now: Date): Promise<ClaimOutcome> {
    for (let attempt = 0; attempt < 3; attempt++) {
      if (await this.repository.claim(donationId, requestId, now)) return { held: true };
      const claim = await this.repository.findClaim(donationId);
      if (!claim) continue; // released meanwhile: try the insert again
      const holder = await this.repository.findRequest(claim.requestId);
      if (holder && !(await this.isDead(holder, now))) return { held: false, holder };
      if (await this.repository.takeOverClaim(donationId, claim.requestId, requestId, now)) return { held: true };
    }
    return { held: false, holder: null };
  }

  /** Void, or claiming for longer than a live request ever takes (then voided here, so it cannot finish later). */
  private async isDead(request: ReceiptRequestRecord, now: Date): Promise<boolean> {
    if (request.state === 'void' || request.state === 'declined') return true;
    if (request.state !== 'claiming' || now.getTime() - request.requestedAt.getTime() < STALE_CLAIMING_MS) return false;
    const voided = await this.repository.moveState(request._id, 'claiming', { state: 'void' });
    return voided !== null || (await this.repository.findRequest(request._id))?.state === 'void';
  }
}
