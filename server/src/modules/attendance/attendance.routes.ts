import { Router, type RequestHandler } from 'express';
import { attendanceProofSchema, enrollmentParamsSchema, shiftParamsSchema, verifyHoursSchema } from '@tongxin/shared';
import { actorOf } from '../../platform/actor';
import { parseInput } from '../../platform/validation';
import type { AttendanceService } from './attendance.service';
import type { HoursService } from './hours.service';

export function attendanceRouter(attendance: AttendanceService, hours: HoursService, authenticate: RequestHandler): Router {
  const router = Router();

  router.get('/api/v1/needs/:id/shifts/:shiftId/check-in-code', authenticate, async (req, res) => {
    const { id, shiftId } = parseInput(shiftParamsSchema, req.params);
    res.set('cache-control', 'no-store').json(await attendance.checkInCode(actorOf(res), id, shiftId));
  });

  router.post('/api/v1/enrollments/:id/check-in', authenticate, async (req, res) => {
    const { id } = parseInput(enrollmentParamsSchema, req.params);
    res.status(201).json(await attendance.checkIn(actorOf(res), id, parseInput(attendanceProofSchema, req.body)));
  });

  router.post('/api/v1/enrollments/:id/check-out', authenticate, async (req, res) => {
    const { id } = parseInput(enrollmentParamsSchema, req.params);
    res.json(await attendance.checkOut(actorOf(res), id, parseInput(attendanceProofSchema, req.body)));
  });

  router.post('/api/v1/enrollments/:id/verify', authenticate, async (req, res) => {
    const { id } = parseInput(enrollmentParamsSchema, req.params);
    res.json(await attendance.verify(actorOf(res), id, parseInput(verifyHoursSchema, req.body ?? {})));
  });

  router.get('/api/v1/me/hours', authenticate, async (_req, res) => {
    res.json(await hours.myHours(actorOf(res)));
  });

  return router;
}
