import { LRUCache } from 'lru-cache';
import type { CampaignFunding } from '../campaigns';
import type { DomainEventBus } from '../domain-events';
import { AppError } from '../../platform/errors';
import type { Logger } from '../../platform/logger';
import type { DonationThanks } from './donation-thanks';
import type { DonationRecord, DonationsRepository, LedgerEntryRecord } from './donations.repository';
import { ledgerId } from './donations.repository';
import type { DonationReceipts } from './receipts.service';

/** A payment the provider has confirmed (signature verified, resource decrypted); amount in fen. */
export interface ConfirmedPayment {
  provider: 'wechat' | 'sandbox';
  /** Our order number (`out_trade_no`): the donation id. */
  donationId: string;
  transactionId: string;
  amountFen: number;
  currency: string;
  paidAt: Date;
}

export type SettlementOutcome = 'settled' | 'already-settled';

/**
 * A settlement that recorded its payment this long ago and still has no receipt was interrupted
 * (one normally finishes in well under a second, a few at a giving-day peak); milliseconds.
 */
export const SETTLING_MS = 30_000;
/** Donations whose settlement this process finished, or saw interrupted, remembered at most. */
const REMEMBERED = 100_000;
/**
 * How long a replay waits for a settlement another replica may be running (a duplicate delivered to
 * two processes at once) before asking the provider to retry; well inside WeChat Pay's 5 s; milliseconds.
 */
const REPLAY_WAIT_MS = 3_000;
const REPLAY_POLL_MS = 100;

export interface Settlement {
  outcome: SettlementOutcome;
  donation: DonationRecord;
}

/**
 * Turns a confirmed payment into a paid donation exactly once. The `<donationId>:paid` ledger insert
 * is the gate: whoever inserts it goes on to draw matching funds and move the totals; every replay,
 * in any order and on any replica, stops at the duplicate key. The receipt and the thank-you follow
 * the gate, each under the donation's id.
 *
 * A failure after the gate (the store or Redis gone mid-way) refuses the notification, and the
 * provider sends it again: the replay finds the gate taken and no receipt, and finishes the rest
 * (live tally, receipt, thank-you), each step idempotent under the donation's id, so no notification
 * is acknowledged before its effects are all stored. Matching funds are not drawn by a replay (a draw
 * whose ledger entry was lost cannot be told from no draw); reconciliation brings the totals to the
 * ledger either way.
 */
export class DonationSettlement {
  /** Donations this process settled to the end: their replays are answered without asking the store. */
  private readonly finished = new LRUCache<string, true>({ max: REMEMBERED });
  /** Donations whose settlement failed after the gate in this process: a replay may finish them at once. */
  private readonly interrupted = new LRUCache<string, true>({ max: REMEMBERED });
  /**
   * Settlements past the gate and still running here: a replay waits for them, never overtakes them.
   * Not a SingleFlight: the gate's owner must run its own work even when a replay's `finish` got here
   * first (a replay that joined nothing is waiting for the owner's receipt; the owner joining it would
   * leave no one to issue it).
   */
  private readonly running = new Map<string, Promise<void>>();

  constructor(
    private readonly repository: DonationsRepository,
    private readonly funding: CampaignFunding,
    private readonly logger: Logger,
    private readonly events: DomainEventBus,
    private readonly receipts: DonationReceipts,
    private readonly thanks: DonationThanks,
  ) {}

  async settle(payment: ConfirmedPayment): Promise<Settlement> {
    const donation = await this.repository.findDonation(payment.donationId);
    if (!donation) throw new AppError('PAYMENT_MISMATCH', '订单不存在');
    if (payment.amountFen !== donation.amountFen || payment.currency !== 'CNY') {
      this.logger.error({ donationId: payment.donationId, expectedFen: donation.amountFen, paidFen: payment.amountFen, currency: payment.currency },
        'payment does not match the donation');
      throw new AppError('PAYMENT_MISMATCH', '金额或币种与订单不符');
    }
    const recordedAt = new Date();
    const first = await this.repository.appendLedger({
      _id: ledgerId(donation._id, 'paid'),
      kind: 'paid',
      donationId: donation._id,
      campaignId: donation.campaignId,
      userId: donation.userId,
      amountFen: donation.amountFen,
      provider: payment.provider,
      transactionId: payment.transactionId,
      at: payment.paidAt,
      recordedAt,
      ...(donation.onLeaderboard ? { leaderboardName: donation.donorName } : {}),
    });
    if (!first) {
      const paid = await this.warnIfPaidTwice(donation, payment);
      if (paid) await this.finish(donation, paid);
      return { outcome: 'already-settled', donation };
    }
    await this.step(donation, () => this.applyToCampaign(donation, payment.paidAt, recordedAt));
    return { outcome: 'settled', donation };
  }

  /**
   * A replayed notification: null when the donation's payment is not recorded yet (settle it);
   * otherwise whatever an interrupted settlement left undone is finished first (see the class).
   */
  async replay(donationId: string): Promise<'already-settled' | null> {
    if (this.finished.has(donationId)) return 'already-settled';
    const paid = await this.repository.findLedger(donationId, 'paid');
    if (!paid) return null;
    const donation = await this.repository.findDonation(donationId);
    if (!donation) throw new AppError('PAYMENT_MISMATCH', '订单不存在');
    await this.finish(donation, paid);
    return 'already-settled';
  }

  /** Settled to the end by this process: the replay fast path, without asking the store. */
  knownSettled(donationId: string): boolean {
    return this.finished.has(donationId);
  }

  /** Runs the part after the gate, remembering whether it got to the end. */
  private async step(donation: DonationRecord, work: () => Promise<void>): Promise<void> {
    const id = donation._id.toHexString();
    const run = work().then(() => {
      this.interrupted.delete(id);
      this.finished.set(id, true);
    }, (error: unknown) => {
      this.interrupted.set(id, true);
      throw error;
    }).finally(() => {
      if (this.running.get(id) === run) this.running.delete(id);
    });
    this.running.set(id, run);
    await run;
  }

  /**
   * Completes a settlement past its gate. One running in this process is waited for. The receipt is
   * the last store write, so a donation with one only needs its thank-you queued (idempotent by job
   * id). One without is finished here if this process saw its settlement fail, or once SETTLING_MS
   * have passed since the gate (until then another replica may be running it: its receipt is awaited
   * for a moment, then the provider is asked to retry).
   */
  private async finish(donation: DonationRecord, paid: LedgerEntryRecord): Promise<void> {
    const id = donation._id.toHexString();
    const running = this.running.get(id);
    if (running) {
      await running.catch(() => {
        throw new AppError('PAYMENT_SETTLING');
      });
      return;
    }
    if (this.finished.has(id)) return;
    const interruptedHere = this.interrupted.has(id);
    const settling = () => !interruptedHere && Date.now() - paid.recordedAt.getTime() < SETTLING_MS;
    // Outside `step`: waiting for another settlement's receipt is not an interruption of this one.
    if (await this.receiptIssued(donation, settling() ? REPLAY_WAIT_MS : 0)) {
      await this.step(donation, () => this.thanks.enqueue(id));
      return;
    }
    if (settling()) throw new AppError('PAYMENT_SETTLING');
    await this.step(donation, async () => {
      const match = await this.repository.findLedger(donation._id, 'match');
      this.logger.warn({ donationId: id, interruptedHere }, 'finishing an interrupted settlement');
      await this.followUp(donation, paid.at, match?.amountFen ?? 0, paid.recordedAt);
    });
  }

  /** Whether the donation's receipt exists, or appears within `waitMs`. */
  private async receiptIssued(donation: DonationRecord, waitMs: number): Promise<boolean> {
    const until = Date.now() + waitMs;
    for (;;) {
      if (await this.receipts.isIssued(donation._id)) return true;
      if (Date.now() >= until) return false;
      await new Promise((resolve) => setTimeout(resolve, REPLAY_POLL_MS));
    }
  }

  private async applyToCampaign(donation: DonationRecord, paidAt: Date, recordedAt: Date): Promise<void> {
    const userId = donation.userId.toHexString();
    const matchedFen = await this.funding.drawMatch(donation.campaignId, userId, donation.amountFen, paidAt);
    if (matchedFen > 0) {
      await this.repository.appendLedger({
        _id: ledgerId(donation._id, 'match'),
        kind: 'match',
        donationId: donation._id,
        campaignId: donation.campaignId,
        userId: donation.userId,
        amountFen: matchedFen,
        at: paidAt,
        recordedAt: new Date(),
      });
    } else {
      this.repository.rememberNoMatch(donation._id);
    }
    await this.followUp(donation, paidAt, matchedFen, recordedAt);
  }

  /** Live tally, receipt, thank-you, event: each idempotent under the donation's id (a replay may redo them). */
  private async followUp(donation: DonationRecord, paidAt: Date, matchedFen: number, recordedAt: Date): Promise<void> {
    const userId = donation.userId.toHexString();
    await this.funding.recordGift({
      campaignId: donation.campaignId,
      userId,
      amountFen: donation.amountFen,
      matchedFen,
      donorName: donation.donorName,
      message: donation.message,
      paidAt,
      entry: { id: ledgerId(donation._id, 'paid'), recordedAt },
      ...(donation.onLeaderboard ? { leaderboardName: donation.donorName } : {}),
    });
    await this.receipts.issue(donation, paidAt);
    await this.thanks.enqueue(donation._id.toHexString());
    this.logger.info({ donationId: donation._id.toHexString(), amountFen: donation.amountFen, matchedFen }, 'donation paid');
    await this.events.publish('donation:paid', {
      donationId: donation._id.toHexString(), campaignId: donation.campaignId.toHexString(), userId, amountFen: donation.amountFen, matchedFen, at: paidAt,
    });
  }

  /** The recorded "paid" entry, after logging a second transaction for the same donation. */
  private async warnIfPaidTwice(donation: DonationRecord, payment: ConfirmedPayment): Promise<LedgerEntryRecord | null> {
    const recorded = await this.repository.findLedger(donation._id, 'paid');
    if (recorded && recorded.transactionId !== payment.transactionId) {
      this.logger.error({ donationId: payment.donationId, recorded: recorded.transactionId, incoming: payment.transactionId },
        'a second transaction paid the same donation: refund it by hand');
    }
    return recorded;
  }
}
