import type { RequestHandler } from 'express';
import type { DonationsModule } from '../donations';
import type { ModuleDeps } from '../module-deps';
import { PaymentsRepository } from './payments.repository';
import { paymentsRouter } from './payments.routes';
import { PaymentsService, SandboxCashier } from './payments.service';
import { platformKeysOf } from './payments.providers';
import { WechatPayNotificationVerifier } from './wechatpay.notification';

export { paymentProvidersOf } from './payments.providers';
export type { PaymentsService, SandboxCashier };

/**
 * Payments: WeChat Pay API v3 notifications (`/api/v1/payments/wechat/notify`) and, without merchant
 * credentials, the sandbox cashier (`/api/v1/payments/sandbox/:donationId/pay`) that drives them.
 */
export function createPaymentsModule(deps: ModuleDeps, donations: Pick<DonationsModule, 'service' | 'settlement'>, authenticate: RequestHandler) {
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
  const service = new PaymentsService(new PaymentsRepository(deps.connection), verifier, donations.settlement, logger);
  const cashier = keys.signing ? new SandboxCashier(service, donations.service, keys.signing, merchant) : null;
  return {
    service,
    cashier,
    /** The sandbox's signing keys (tests sign their own notifications with them); null with real WeChat Pay. */
    sandboxKeys: keys.signing,
    router: paymentsRouter(service, cashier, authenticate, logger),
  };
}

export type PaymentsModule = ReturnType<typeof createPaymentsModule>;
