import { Router } from 'express';
import { statsGapsQuerySchema } from '@tongxin/shared';
import { actorOf } from '../../../platform/actor';
import { parseInput } from '../../../platform/validation';
import type { ModuleDeps } from '../../module-deps';
import type { ExportSources } from '../exports/export-sources';
import { GapAlerts, type GapAlertPorts } from './gap-alerts';
import { GapBoard } from './gap-board';
import { GapRecords } from './gap-records';

export type { GapAlertPorts, GapAlerts };
export type { OverdueDisclosureFact, UnfilledNeedFact } from './gap-detection';

/** Gap alerts: checked by the scheduled `stats-gap-alerts` task, listed from the gap board at `GET /api/v1/stats/gaps?areaCode=`. */
export function createGapAlerts(deps: ModuleDeps, ports: Omit<GapAlertPorts, 'meals'>, meals: ExportSources) {
  const logger = deps.logger.child({ module: 'stats-gaps' });
  const records = new GapRecords(deps.connection);
  const board = new GapBoard(deps.redis, deps.config.REDIS_PREFIX, records, logger);
  const alerts = new GapAlerts(records, board, { ...ports, meals }, deps.config.GAP_UNFILLED_HOURS, logger);
  const router = Router();
  router.get('/api/v1/stats/gaps', async (req, res) => {
    res.json(await alerts.list(actorOf(res), parseInput(statsGapsQuerySchema, req.query)));
  });
  return { alerts, router };
}
