import type { RequestHandler } from 'express';
import type { DonationsModule, PaymentRefunder } from '../donations';
import type { ModuleDeps } from '../module-deps';
import { PaymentsRepository } from './payments.repository';
import { paymentsRouter } from './payments.routes';
import { PaymentsService, SandboxCashier } from './payments.service';
import { SandboxRefunder, outRefundNoOf, platformKeysOf } from './payments.providers';
import { WechatPayNotificationVerifier } from './wechatpay.notification';
import { signRefundNotification } from './wechatpay.signer';

export { paymentProvidersOf } from './payments.providers';
export type { PaymentsService, SandboxCashier };

/**
 * Payments: WeChat Pay API v3 notifications (`/api/v1/payments/wechat/notify`) and, without merchant
 * credentials, the sandbox cashier (`/api/v1/payments/sandbox/:donationId/pay`) that drives them.
 */
export function createPaymentsModule(
  deps: ModuleDeps,
  donations: Pick<DonationsModule, 'service' | 'settlement' | 'refundResults'>,
  authenticate: RequestHandler,
  refunder?: PaymentRefunder,
) {
  const { config } = deps;
  const logger = deps.logger.child({ module: 'payments' });
  const keys = platformKeysOf(config);
  const merchant = { mchId: config.WECHATPAY_MCH_ID, appId: config.WECHAT_APP_ID };
  const verifier = new WechatPayNotificationVerifier({
    platformPublicKey: keys.publicKey,
    platformSerial: keys.serial,
    apiV3Key: config.WECHATPAY_API_V3_KEY,
    ...merchant,
    windowSeconds: config.WECHATPAY_NOTIFY_WINDOW_SECONDS,
  });
  const service = new PaymentsService(new PaymentsRepository(deps.connection), verifier, donations.settlement, donations.refundResults, logger);
  const cashier = keys.signing ? new SandboxCashier(service, donations.service, keys.signing, merchant) : null;
  const signing = keys.signing;
  if (refunder instanceof SandboxRefunder && signing) {
    // The sandbox's refund results take the real path: signed, encrypted, verified, applied.
    refunder.notify = async (order, result) => {
      const notification = signRefundNotification({
        mchid: merchant.mchId, out_trade_no: order.donationId, out_refund_no: outRefundNoOf(order.refundId), refund_id: result.providerRefundId ?? '',
        refund_status: 'SUCCESS', success_time: (result.succeededAt ?? new Date()).toISOString(), user_received_account: '支付用户零钱',
        amount: { total: order.totalFen, refund: order.amountFen, payer_total: order.totalFen, payer_refund: order.amountFen },
      }, signing);
      await service.handleWechatNotification(notification.headers, notification.body).catch((err: unknown) => {
        logger.warn({ err, refundId: order.refundId }, 'sandbox refund notification refused; the poll will settle it');
        throw err;
      });
    };
  }
  return {
    service,
    cashier,
    /** The sandbox's refunder (tests "lose" its notifications to exercise polling); null with real WeChat Pay. */
    sandboxRefunder: refunder instanceof SandboxRefunder ? refunder : null,
    /** The sandbox's signing keys (tests sign their own notifications with them); null with real WeChat Pay. */
    sandboxKeys: keys.signing,
    router: paymentsRouter(service, cashier, authenticate, logger),
  };
}

export type PaymentsModule = ReturnType<typeof createPaymentsModule>;
