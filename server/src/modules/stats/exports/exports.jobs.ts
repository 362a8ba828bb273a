import type { Job } from 'bullmq';
import type { StatsExportJob } from '../../queues.registry';
import type { StatsExports } from './exports.service';

/** Runs an export; when the last attempt fails, the owner sees `failed` instead of waiting forever. */
export function exportProcessor(exports: StatsExports) {
  return async (job: Job<StatsExportJob>) => {
    try {
      return await exports.run(job.data.exportId);
    } catch (err) {
      if (job.attemptsMade + 1 >= (job.opts.attempts ?? 1)) await exports.markFailed(job.data.exportId);
      throw err;
    }
  };
}
