import type { RequestHandler } from 'express';
import type { CampaignsModule } from '../campaigns';
import type { ModuleDeps } from '../module-deps';
import { QUEUE_NAMES } from '../queues.registry';
import type { UsersService } from '../users';
import { reconcileProcessor, scheduleReconciliation } from './donations.jobs';
import { DonationsRepository } from './donations.repository';
import { DonationLimits, wordListFilter } from './donations.limits';
import { DonationRefunds } from './donations.refunds';
import { donationsRouter } from './donations.routes';
import { DonationsService, type PaymentStarter } from './donations.service';
import { DonationSettlement } from './donations.settlement';

export type { DonationsService, PaymentStarter };
export type { ConfirmedPayment, DonationSettlement, SettlementOutcome } from './donations.settlement';

/** Donations: idempotent creation, the ledger, settlement of confirmed payments, reconciliation. */
export function createDonationsModule(
  deps: ModuleDeps,
  campaigns: Pick<CampaignsModule, 'service' | 'funding' | 'listFundraisingIds'>,
  users: UsersService,
  payments: PaymentStarter,
  authenticate: RequestHandler,
) {
  const logger = deps.logger.child({ module: 'donations' });
  const repository = new DonationsRepository(deps.connection);
  const limits = new DonationLimits(deps.redis, deps.config.REDIS_PREFIX, deps.rateLimits, {
    perMinute: deps.config.DONATION_RATE_PER_MINUTE,
    dailyFen: deps.config.DONATION_DAILY_LIMIT_FEN,
  }, wordListFilter(deps.config.DONATION_BLOCKED_WORDS));
  const service = new DonationsService(repository, campaigns.service, users, payments, limits);
  const settlement = new DonationSettlement(repository, campaigns.funding, logger, deps.events);
  const reconcile = reconcileProcessor(repository, campaigns.funding, campaigns.listFundraisingIds, deps.config.TALLY_RECONCILE_QUIET_MS);
  return {
    service,
    settlement,
    router: donationsRouter(service, new DonationRefunds(repository, service, campaigns.funding, deps.audit), authenticate),
    /** Runs one reconciliation pass now (tests, operators). */
    reconcile: () => reconcile(),
    startWorkers: () => {
      deps.queues.worker(QUEUE_NAMES.tallyReconcile, reconcile, { concurrency: 1 });
      scheduleReconciliation(deps.queues, deps.config.TALLY_RECONCILE_EVERY_MS)
        .catch((err: unknown) => logger.error({ err }, 'could not schedule tally reconciliation'));
    },
  };
}

export type DonationsModule = ReturnType<typeof createDonationsModule>;
