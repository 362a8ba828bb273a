import { Router } from 'express';
import { statsGapsQuerySchema } from '@tongxin/shared';
import { actorOf } from '../../../platform/actor';
import { parseInput } from '../../../platform/validation';
import type { ModuleDeps } from '../../module-deps';
import type { ExportSources } from '../exports/export-sources';
import { GapAlerts, type GapAlertPorts } from './gap-alerts';
import { GapRecords } from './gap-records';

export type { GapAlertPorts, GapAlerts };
export type { OverdueDisclosureFact, UnfilledNeedFact } from './gap-detection';

/** Gap alerts: checked by the scheduled `stats-gap-alerts` task, listed at `GET /api/v1/stats/gaps?areaCode=`. */
export function createGapAlerts(deps: ModuleDeps, ports: Omit<GapAlertPorts, 'meals'>, meals: ExportSources) {
  const alerts = new GapAlerts(new GapRecords(deps.connection), { ...ports, meals }, deps.config.GAP_UNFILLED_HOURS, deps.logger.child({ module: 'stats-gaps' }));
  const router = Router();
  router.get('/api/v1/stats/gaps', async (req, res) => {
    res.json(await alerts.list(actorOf(res), parseInput(statsGapsQuerySchema, req.query)));
  });
  return { alerts, router };
}
