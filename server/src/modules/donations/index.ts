import type { RequestHandler } from 'express';
import type { DueIndex } from '../../platform/due-index';
import { PiiCipher } from '../../platform/pii-cipher';
import type { CampaignsModule } from '../campaigns';
import type { ModuleDeps } from '../module-deps';
import { QUEUE_NAMES } from '../queues.registry';
import type { UsersService } from '../users';
import { DonationThanks } from './donation-thanks';
import type { DonorInbox } from './donor-inbox';
import { reconcileProcessor, scheduleReconciliation } from './donations.jobs';
import { DonationsRepository } from './donations.repository';
import { DonationLimits, wordListFilter } from './donations.limits';
import { DonationRefunds } from './donations.refunds';
import { donationsRouter } from './donations.routes';
import { DonationsService, type PaymentStarter } from './donations.service';
import { DonationSettlement } from './donations.settlement';
import { ReceiptReminders } from './receipt-reminders';
import type { PaymentRefunder, ProviderRefundResult, RefundOrder } from './refund-provider';
import { RefundPolls } from './refund-polls';
import { RefundResults, type RefundOutcome } from './refund-results';
import { ReceiptRequestsRepository } from './receipt-requests.repository';
import { receiptRequestsRouter } from './receipt-requests.routes';
import { ReceiptRequests } from './receipt-requests.service';
import { ReceiptsRepository } from './receipts.repository';
import { DonationReceipts, type IssuerLookup } from './receipts.service';

export type { DonationsService, PaymentStarter, PaymentRefunder, DonorInbox, IssuerLookup, ProviderRefundResult, RefundOrder, RefundOutcome, RefundResults };
export { RefundRefusedError } from './refund-provider';
export type { ConfirmedPayment, DonationSettlement, SettlementOutcome } from './donations.settlement';
export { thanksNoticeId } from './donation-thanks';

/** What donations need of other modules besides campaigns (wired in runtime.ts). */
export interface DonationPorts {
  users: UsersService;
  payments: PaymentStarter;
  /** Gives refunded money back through the payment provider. */
  refunder: PaymentRefunder;
  /** The receiving organization's name and credit code, for receipts. */
  issuerOf: IssuerLookup;
  /** The notifications inbox, for the thank-you notice and receipt notices. */
  inbox: DonorInbox;
  /** The notifications module's due-time index, for the receipt-window reminders. */
  reminderIndex: DueIndex;
}

/** Version of the PII key that seals receipt payers (rotations add versions). */
const PII_KEY_VERSION = 1;

/** Donations: idempotent creation, the ledger, settlement of confirmed payments, receipts, reconciliation. */
export function createDonationsModule(
  deps: ModuleDeps,
  campaigns: Pick<CampaignsModule, 'service' | 'funding' | 'listFundraisingIds'>,
  ports: DonationPorts,
  authenticate: RequestHandler,
) {
  const logger = deps.logger.child({ module: 'donations' });
  const repository = new DonationsRepository(deps.connection);
  const limits = new DonationLimits(deps.redis, deps.config.REDIS_PREFIX, deps.rateLimits, {
    perMinute: deps.config.DONATION_RATE_PER_MINUTE,
    dailyFen: deps.config.DONATION_DAILY_LIMIT_FEN,
  }, wordListFilter(deps.config.DONATION_BLOCKED_WORDS));
  const receiptsRepository = new ReceiptsRepository(deps.connection);
  const receipts = new DonationReceipts(receiptsRepository, repository, campaigns.service, ports.issuerOf, logger);
  const requestsRepository = new ReceiptRequestsRepository(deps.connection);
  const service = new DonationsService(repository, campaigns.service, ports.users, ports.payments, limits, receipts, requestsRepository);
  const reminders = new ReceiptReminders(ports.reminderIndex, repository, receiptsRepository, requestsRepository, ports.inbox);
  const thanks = new DonationThanks(deps.queues, receiptsRepository, ports.inbox, reminders);
  const cipher = new PiiCipher({ [PII_KEY_VERSION]: deps.config.PII_ENCRYPTION_KEY }, PII_KEY_VERSION);
  const receiptRequests = new ReceiptRequests(requestsRepository, repository, receipts, reminders, cipher, deps.audit, ports.inbox);
  const settlement = new DonationSettlement(repository, campaigns.funding, logger, deps.events, receipts, thanks);
  const refundResults = new RefundResults(repository, campaigns.funding, deps.audit, ports.inbox, (id) => ports.users.organizationAdmins(id), logger);
  const refundPolls = new RefundPolls(deps.queues, repository, ports.refunder, refundResults, {
    firstDelayMs: deps.config.REFUND_POLL_FIRST_DELAY_MS, maxAttempts: deps.config.REFUND_POLL_MAX_ATTEMPTS,
  }, logger);
  const reconcile = reconcileProcessor(repository, campaigns.funding, campaigns.listFundraisingIds, deps.config.TALLY_RECONCILE_QUIET_MS, receipts, refundResults);
  return {
    service,
    settlement,
    receipts,
    receiptRequests,
    receiptReminders: reminders,
    /** Applies the provider's word on a refund (the payments module's notifications). */
    refundResults,
    refundPolls,
    receiptRequestsRouter: receiptRequestsRouter(receiptRequests, authenticate),
    router: donationsRouter(service, new DonationRefunds(repository, service, deps.audit, ports.refunder, refundResults, refundPolls), receipts, authenticate),
    /** Runs one reconciliation pass now (tests, operators). */
    reconcile: () => reconcile(),
    startWorkers: () => {
      deps.queues.worker(QUEUE_NAMES.tallyReconcile, reconcile, { concurrency: 1 });
      thanks.startWorker();
      refundPolls.startWorker();
      scheduleReconciliation(deps.queues, deps.config.TALLY_RECONCILE_EVERY_MS)
        .catch((err: unknown) => logger.error({ err }, 'could not schedule tally reconciliation'));
    },
  };
}

export type DonationsModule = ReturnType<typeof createDonationsModule>;
