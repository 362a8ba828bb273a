import type { CampaignFunding } from '../campaigns';
import type { DomainEventBus } from '../domain-events';
import { AppError } from '../../platform/errors';
import type { Logger } from '../../platform/logger';
import type { DonationThanks } from './donation-thanks';
import type { DonationRecord, DonationsRepository } from './donations.repository';
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

export interface Settlement {
  outcome: SettlementOutcome;
  donation: DonationRecord;
}

/**
 * Turns a confirmed payment into a paid donation exactly once. The `<donationId>:paid` ledger insert
 * is the gate: whoever inserts it goes on to draw matching funds and move the totals; every replay,
 * in any order and on any replica, stops at the duplicate key. A crash after the gate leaves totals
 * short, never double; the reconciliation job repairs them from the ledger. The receipt and the
 * thank-you follow the gate too, each under the donation's id.
 */
export class DonationSettlement {
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
      await this.warnIfPaidTwice(donation, payment);
      return { outcome: 'already-settled', donation };
    }
    await this.applyToCampaign(donation, payment.paidAt, recordedAt);
    return { outcome: 'settled', donation };
  }

  /** Has this donation's payment been recorded? (a cheap `_id` read for notification replays) */
  async isSettled(donationId: string): Promise<boolean> {
    return (await this.repository.findLedger(donationId, 'paid')) !== null;
  }

  /** Settled as far as this process knows, without asking the store (the replay fast path). */
  knownSettled(donationId: string): boolean {
    return this.repository.knownPaid(donationId) !== null;
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
    // After the gate, so once per donation; a crash before it is repaired by reconciliation.
    await this.receipts.issue(donation, paidAt);
    await this.thanks.enqueue(donation._id.toHexString());
    this.logger.info({ donationId: donation._id.toHexString(), amountFen: donation.amountFen, matchedFen }, 'donation paid');
    await this.events.publish('donation:paid', {
      donationId: donation._id.toHexString(), campaignId: donation.campaignId.toHexString(), userId, amountFen: donation.amountFen, matchedFen, at: paidAt,
    });
  }

  private async warnIfPaidTwice(donation: DonationRecord, payment: ConfirmedPayment): Promise<void> {
    const recorded = await this.repository.findLedger(donation._id, 'paid');
    if (recorded && recorded.transactionId !== payment.transactionId) {
      this.logger.error({ donationId: payment.donationId, recorded: recorded.transactionId, incoming: payment.transactionId },
        'a second transaction paid the same donation: refund it by hand');
    }
  }
}
