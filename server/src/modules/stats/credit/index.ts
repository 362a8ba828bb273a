import { Router, type RequestHandler } from 'express';
import { organizationParamsSchema } from '@tongxin/shared';
import { actorOf } from '../../../platform/actor';
import { parseInput } from '../../../platform/validation';
import type { ModuleDeps } from '../../module-deps';
import { CreditSignalsSource } from './credit-signals';
import { OrganizationCredit, type CreditPorts } from './organization-credit';

export type { CreditPorts };

/** `GET /api/v1/organizations/:id/credit`: credit signals beside the assessment grade. */
export function createOrganizationCredit(deps: ModuleDeps, ports: CreditPorts, authenticate: RequestHandler) {
  const credit = new OrganizationCredit(new CreditSignalsSource(deps.connection.db!), ports);
  const router = Router();
  router.get('/api/v1/organizations/:id/credit', authenticate, async (req, res) => {
    res.json(await credit.of(actorOf(res), parseInput(organizationParamsSchema, req.params).id));
  });
  return { credit, router };
}
