import { Router, type RequestHandler } from 'express';
import { auditSearchQuerySchema } from '@tongxin/shared';
import { actorOf } from '../../platform/actor';
import { parseInput } from '../../platform/validation';
import type { AuditService } from './audit.service';

/** Read-only on purpose: the trail is written by services, never through the API. */
export function auditRouter(service: AuditService, authenticate: RequestHandler): Router {
  const router = Router();
  router.get('/api/v1/audit', authenticate, async (req, res) => {
    res.json(await service.search(actorOf(res), parseInput(auditSearchQuerySchema, req.query)));
  });
  return router;
}
