import type { Actor, DonationView } from '@tongxin/shared';
import type { DonationSettlement, DonationsService, ProviderRefundResult, RefundOutcome, RefundResults, SettlementOutcome } from '../donations';
import { AppError, ConflictError, ForbiddenError } from '../../platform/errors';
import type { Logger } from '../../platform/logger';
import type { PaymentsRepository } from './payments.repository';
import { refundIdOf } from './payments.providers';
import {
  tradeOutcomeOf, type NotificationHeaders, type WechatPayNotificationVerifier, type WechatPayRefundResource, type WechatPayTransaction,
} from './wechatpay.notification';
import { signNotification, type NotificationSigningKeys } from './wechatpay.signer';

export type NotificationOutcome = SettlementOutcome | RefundOutcome | 'ignored';

/** A refund result notification as the donations module takes it. */
export function refundResultOf(refund: WechatPayRefundResource): ProviderRefundResult {
  const succeededAt = refund.success_time ? new Date(refund.success_time) : undefined;
  return {
    refundId: refundIdOf(refund.out_refund_no), donationId: refund.out_trade_no, status: refund.refund_status, amountFen: refund.amount.refund,
    providerRefundId: refund.refund_id,
    ...(succeededAt && !Number.isNaN(succeededAt.getTime()) ? { succeededAt } : {}),
  };
}

export interface MerchantIds {
  mchId: string;
  appId: string;
}

function paidAtOf(transaction: WechatPayTransaction, fallback: Date): Date {
  const at = transaction.success_time ? new Date(transaction.success_time) : fallback;
  return Number.isNaN(at.getTime()) ? fallback : at;
}

/** WeChat Pay notifications (real or sandbox-signed) into settled donations, idempotently. */
export class PaymentsService {
  constructor(
    private readonly repository: PaymentsRepository,
    private readonly verifier: WechatPayNotificationVerifier,
    private readonly settlement: DonationSettlement,
    private readonly refunds: Pick<RefundResults, 'apply'>,
    private readonly logger: Logger,
    private readonly now: () => Date = () => new Date(),
  ) {}

  /**
   * Verifies, decrypts and applies one notification: a payment's (`TRANSACTION.*`) or a refund's result
   * (`REFUND.*`, see RefundResults: idempotent by the refund's own status and ledger entry). A
   * transaction id seen before is a replay: it is answered as done once the donation's ledger says
   * paid and the settlement's effects are all stored (finished here if a crash interrupted it).
   */
  async handleWechatNotification(headers: NotificationHeaders, rawBody: Buffer): Promise<NotificationOutcome> {
    const event = this.verifier.verifyEvent(headers, rawBody);
    if (event.kind === 'refund') return this.refunds.apply(refundResultOf(event.refund));
    const { transaction } = event;
    const outcome = tradeOutcomeOf(transaction.trade_state);
    if (outcome !== 'paid') {
      this.logger.info({ donationId: transaction.out_trade_no, tradeState: transaction.trade_state }, 'payment notification without effect');
      return 'ignored';
    }
    // A replay of a payment this process settled is answered from memory (paid is final).
    if (this.settlement.knownSettled(transaction.out_trade_no)) return 'already-settled';
    const seen = await this.repository.claimTransaction({
      _id: `wxpay:${transaction.transaction_id}`,
      donationId: transaction.out_trade_no,
      tradeState: transaction.trade_state,
      amountFen: transaction.amount.total,
      receivedAt: this.now(),
    });
    if (seen) {
      if (seen.donationId !== transaction.out_trade_no) throw new AppError('PAYMENT_MISMATCH', '交易号对应另一订单');
      const replayed = await this.settlement.replay(transaction.out_trade_no);
      if (replayed) return replayed;
    }
    return (await this.settlement.settle({
      provider: 'wechat',
      donationId: transaction.out_trade_no,
      transactionId: transaction.transaction_id,
      amountFen: transaction.amount.total,
      currency: transaction.amount.currency,
      paidAt: paidAtOf(transaction, this.now()),
    })).outcome;
  }
}

/**
 * The development stand-in for a donor paying in WeChat: signs and encrypts a real notification
 * with the sandbox platform key and feeds it through the same path as `/payments/wechat/notify`.
 */
export class SandboxCashier {
  constructor(
    private readonly payments: PaymentsService,
    private readonly donations: DonationsService,
    private readonly keys: NotificationSigningKeys,
    private readonly merchant: MerchantIds,
    private readonly now: () => Date = () => new Date(),
  ) {}

  /**
   * Pays the actor's own donation. Whether it was already paid is learnt from the notification's
   * outcome (the ledger insert), not read beforehand: one store round trip fewer per payment.
   */
  async pay(actor: Actor, donationId: string): Promise<DonationView> {
    const donation = await this.donations.payable(donationId);
    if (!donation) {
      await this.donations.get(actor, donationId); // 404 or 403 when it is not a visible donation
      throw new ConflictError('DONATION_NOT_PENDING');
    }
    if (donation.userId.toHexString() !== actor.userId) throw new ForbiddenError('只能支付自己的捐赠');
    const at = this.now();
    const transaction: WechatPayTransaction = {
      appid: this.merchant.appId,
      mchid: this.merchant.mchId,
      out_trade_no: donationId,
      transaction_id: `SANDBOX${donationId}`,
      trade_state: 'SUCCESS',
      success_time: at.toISOString(),
      amount: { total: donation.amountFen, payer_total: donation.amountFen, currency: 'CNY' },
    };
    const notification = signNotification(transaction, this.keys, at);
    if ((await this.payments.handleWechatNotification(notification.headers, notification.body)) !== 'settled') {
      throw new ConflictError('DONATION_NOT_PENDING');
    }
    return this.donations.justPaid(actor, donationId);
  }
}
