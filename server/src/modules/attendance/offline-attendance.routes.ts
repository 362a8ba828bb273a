import { Router, type RequestHandler } from 'express';
import { enrollmentParamsSchema, offlineAttendanceSchema, shiftParamsSchema } from '@tongxin/shared';
import { actorOf } from '../../platform/actor';
import { parseInput } from '../../platform/validation';
import type { OfflineAttendance } from './offline-attendance';

export function offlineAttendanceRouter(offline: OfflineAttendance, authenticate: RequestHandler): Router {
  const router = Router();

  router.get('/api/v1/enrollments/:id/offline-key', authenticate, async (req, res) => {
    const { id } = parseInput(enrollmentParamsSchema, req.params);
    res.set('cache-control', 'no-store').json(await offline.keyFor(actorOf(res), id));
  });

  router.get('/api/v1/needs/:id/shifts/:shiftId/offline-check-in-codes', authenticate, async (req, res) => {
    const { id, shiftId } = parseInput(shiftParamsSchema, req.params);
    res.set('cache-control', 'no-store').json(await offline.codesFor(actorOf(res), id, shiftId));
  });

  router.post('/api/v1/enrollments/:id/offline-attendance', authenticate, async (req, res) => {
    const { id } = parseInput(enrollmentParamsSchema, req.params);
    res.status(201).json(await offline.submit(actorOf(res), id, parseInput(offlineAttendanceSchema, req.body)));
  });

  return router;
}
