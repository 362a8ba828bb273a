import type { ModuleDeps } from '../../module-deps';
import { QUEUE_NAMES } from '../../queues.registry';
import type { StatsQueries } from '../stats.queries';
import { ExportFiles } from './export-files';
import type { ExportSources } from './export-sources';
import type { MaskedNames } from './export-tables';
import { exportProcessor } from './exports.jobs';
import { statsExportsRouter } from './exports.routes';
import { StatsExports } from './exports.service';

export type { MaskedNames };
export type { StatsExports };
export { ExportSources } from './export-sources';

/** CSV exports of the statistics tables (streamed, or background jobs with expiring downloads). */
export function createStatsExports(deps: ModuleDeps, queries: StatsQueries, sources: ExportSources, maskedNames: MaskedNames) {
  const files = new ExportFiles(deps.connection);
  const service = new StatsExports(
    queries, { queries, sources, maskedNames }, files, deps.queues, deps.audit,
    deps.config.STATS_EXPORT_TTL_HOURS,
  );
  return {
    service,
    router: statsExportsRouter(service),
    startWorkers: () => {
      deps.queues.worker(QUEUE_NAMES.statsExports, exportProcessor(service), { concurrency: 1, jobTimeoutMs: 30 * 60_000 });
    },
  };
}
