import type { Job } from 'bullmq';
import type { Types } from 'mongoose';
import { APPLIED_WINDOW_MS, type CampaignFunding, type RepairOutcome } from '../campaigns';
import type { QueueFactory } from '../../platform/queues';
import { QUEUE_NAMES, type TallyReconcileJob } from '../queues.registry';
import type { DonationsRepository } from './donations.repository';
import type { DonationReceipts } from './receipts.service';
import type { RefundResults } from './refund-results';

const SCHEDULER_ID = 'tally-reconcile';

export interface ReconcileOptions {
  /** How often the job runs, milliseconds. */
  everyMs: number;
  /** A campaign is repaired only when its ledger has been quiet this long, milliseconds. */
  quietMs: number;
}

/** Registers (or updates) the repeatable job; idempotent across replicas and restarts. */
export async function scheduleReconciliation(queues: QueueFactory, everyMs: number): Promise<void> {
  await queues.queue<TallyReconcileJob>(QUEUE_NAMES.tallyReconcile)
    .upsertJobScheduler(SCHEDULER_ID, { every: everyMs }, { name: 'reconcile', data: {} });
}

/**
 * Compares every fundraising campaign's store totals and Redis tally with the ledger and repairs
 * drift (each repair is logged by CampaignFunding.repair: store, Redis, team and matching-pool
 * figures), then issues receipts and sends refund notices a crash left missing. Returns how many
 * campaigns had each outcome.
 */
export function reconcileProcessor(
  repository: DonationsRepository,
  funding: CampaignFunding,
  listCampaignIds: () => Promise<Types.ObjectId[]>,
  quietMs: number,
  receipts: Pick<DonationReceipts, 'repairRecent'>,
  refunds: Pick<RefundResults, 'tellOwed'>,
) {
  return async (_job?: Job<TallyReconcileJob>): Promise<Record<RepairOutcome, number>> => {
    const ledger = await repository.totalsByCampaign(new Date(Date.now() - APPLIED_WINDOW_MS));
    const truthById = new Map(ledger.map((t) => [t.campaignId.toHexString(), t]));
    const ids = new Map((await listCampaignIds()).map((id) => [id.toHexString(), id]));
    for (const t of ledger) ids.set(t.campaignId.toHexString(), t.campaignId);
    const outcomes: Record<RepairOutcome, number> = { 'in-sync': 0, repaired: 0, busy: 0 };
    for (const [hex, id] of ids) {
      const truth = truthById.get(hex) ?? { raisedFen: 0, matchedFen: 0, donorCount: 0, donorUserIds: [], lastEntryAt: null, recentEntries: [], leaderboard: new Map() };
      outcomes[await funding.repair(id, truth, quietMs)] += 1;
    }
    await receipts.repairRecent();
    await refunds.tellOwed();
    return outcomes;
  };
}
