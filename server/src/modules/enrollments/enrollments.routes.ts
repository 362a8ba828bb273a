import { Router, type RequestHandler } from 'express';
import { createEnrollmentSchema, enrollmentParamsSchema, shiftParamsSchema } from '@tongxin/shared';
import { actorOf } from '../../platform/actor';
import { parseInput } from '../../platform/validation';
import type { EnrollmentCancellation } from './enrollments.cancellation';
import type { EnrollmentsService } from './enrollments.service';

export function enrollmentsRouter(service: EnrollmentsService, cancellation: EnrollmentCancellation, authenticate: RequestHandler): Router {
  const router = Router();

  router.post('/api/v1/needs/:id/shifts/:shiftId/enrollments', authenticate, async (req, res) => {
    const { id, shiftId } = parseInput(shiftParamsSchema, req.params);
    const input = parseInput(createEnrollmentSchema, req.body ?? {});
    res.status(201).json(await service.enroll(actorOf(res), id, shiftId, input));
  });

  router.delete('/api/v1/enrollments/:id', authenticate, async (req, res) => {
    const { id } = parseInput(enrollmentParamsSchema, req.params);
    res.json(await cancellation.cancel(actorOf(res), id));
  });

  router.get('/api/v1/me/enrollments', authenticate, async (_req, res) => {
    res.json({ items: await service.listMine(actorOf(res)), nextCursor: null });
  });

  return router;
}
