import { Router, type RequestHandler } from 'express';
import { enrollmentParamsSchema, shiftParamsSchema } from '@tongxin/shared';
import { actorOf } from '../../platform/actor';
import { parseInput } from '../../platform/validation';
import type { EnrollmentConfirmation } from './enrollments.confirmation';

/** One tap from the 24 h reminder, and staff's list of who has not confirmed. */
export function confirmationRouter(confirmation: EnrollmentConfirmation, authenticate: RequestHandler): Router {
  const router = Router();

  router.post('/api/v1/enrollments/:id/confirm', authenticate, async (req, res) => {
    const { id } = parseInput(enrollmentParamsSchema, req.params);
    res.json(await confirmation.confirm(actorOf(res), id));
  });

  router.post('/api/v1/enrollments/:id/decline', authenticate, async (req, res) => {
    const { id } = parseInput(enrollmentParamsSchema, req.params);
    res.json(await confirmation.decline(actorOf(res), id));
  });

  router.get('/api/v1/needs/:id/shifts/:shiftId/confirmations', authenticate, async (req, res) => {
    const { id, shiftId } = parseInput(shiftParamsSchema, req.params);
    res.json(await confirmation.listForShift(actorOf(res), id, shiftId));
  });

  return router;
}
