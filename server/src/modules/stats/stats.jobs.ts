import type { Job } from 'bullmq';
import type { QueueFactory } from '../../platform/queues';
import { QUEUE_NAMES, type StatsRollupJob } from '../queues.registry';
import { addDays, shanghaiDate } from './stats.areas';
import type { MealPointUse } from './meals/meal-point-use';
import type { RollupOutcome, StatsRollup } from './stats.rollup';

const SCHEDULER_ID = 'stats-nightly-rollup';
/** Five past midnight in Chengdu: yesterday is over everywhere the city works. */
const NIGHTLY = { pattern: '5 0 * * *', tz: 'Asia/Shanghai' };

/** Registers (or updates) the nightly roll-up; idempotent across replicas and restarts. */
export async function scheduleNightlyRollup(queues: QueueFactory): Promise<void> {
  await queues.queue<StatsRollupJob>(QUEUE_NAMES.statsRollup).upsertJobScheduler(SCHEDULER_ID, NIGHTLY, { name: 'rollup', data: {} });
}

/** Rolls up the job's date, or yesterday (Shanghai) for the nightly run; then the meal-use window (always the days ending yesterday). */
export function rollupProcessor(rollup: StatsRollup, meals: Pick<MealPointUse, 'rollUp'>, now: () => Date = () => new Date()) {
  return async (job: Job<StatsRollupJob>): Promise<RollupOutcome> => {
    const outcome = await rollup.rollUp(job.data.date ?? addDays(shanghaiDate(now()), -1));
    await meals.rollUp();
    return outcome;
  };
}
