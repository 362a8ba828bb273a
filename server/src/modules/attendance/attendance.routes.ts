import { Router, type RequestHandler } from 'express';
import {
  attendanceProofSchema, enrollmentParamsSchema, serviceRecordsQuerySchema, shiftParamsSchema, supplementaryHoursSchema, verifyHoursSchema,
} from '@tongxin/shared';
import { actorOf } from '../../platform/actor';
import type { RateLimits, RateRule } from '../../platform/rate-limits';
import { parseInput } from '../../platform/validation';
import { deviceIdOf } from './attendance-review.routes';
import type { AttendanceService } from './attendance.service';
import type { HoursService } from './hours.service';
import type { ServiceRecords } from './service-records';
import type { SupplementaryHours } from './supplementary-hours';

/** Scans per volunteer: a shaky camera retries a few times; a script trying codes does not get far. */
const SCANS_PER_VOLUNTEER: RateRule = { points: 12, durationS: 60 };

export function attendanceRouter(
  attendance: AttendanceService,
  hours: HoursService,
  { records, supplements, limits }: { records: ServiceRecords; supplements: SupplementaryHours; limits: RateLimits },
  authenticate: RequestHandler,
): Router {
  const router = Router();
  const scanLimit = limits.limit('scan-volunteer', SCANS_PER_VOLUNTEER, (_req, res) => actorOf(res).userId);

  router.get('/api/v1/needs/:id/shifts/:shiftId/check-in-code', authenticate, async (req, res) => {
    const { id, shiftId } = parseInput(shiftParamsSchema, req.params);
    res.set('cache-control', 'no-store').json(await attendance.checkInCode(actorOf(res), id, shiftId));
  });

  router.post('/api/v1/enrollments/:id/check-in', authenticate, scanLimit, async (req, res) => {
    const { id } = parseInput(enrollmentParamsSchema, req.params);
    const deviceId = deviceIdOf(req.get('x-device-id'));
    res.status(201).json(await attendance.checkIn(actorOf(res), id, parseInput(attendanceProofSchema, req.body), deviceId));
  });

  router.post('/api/v1/enrollments/:id/check-out', authenticate, scanLimit, async (req, res) => {
    const { id } = parseInput(enrollmentParamsSchema, req.params);
    res.json(await attendance.checkOut(actorOf(res), id, parseInput(attendanceProofSchema, req.body)));
  });

  router.post('/api/v1/enrollments/:id/verify', authenticate, async (req, res) => {
    const { id } = parseInput(enrollmentParamsSchema, req.params);
    res.json(await attendance.verify(actorOf(res), id, parseInput(verifyHoursSchema, req.body ?? {})));
  });

  router.post('/api/v1/enrollments/:id/supplementary-hours', authenticate, async (req, res) => {
    const { id } = parseInput(enrollmentParamsSchema, req.params);
    res.status(201).json(await supplements.add(actorOf(res), id, parseInput(supplementaryHoursSchema, req.body)));
  });

  router.get('/api/v1/me/hours', authenticate, async (_req, res) => {
    res.json(await hours.myHours(actorOf(res)));
  });

  router.get('/api/v1/me/service-records', authenticate, async (req, res) => {
    const { format } = parseInput(serviceRecordsQuerySchema, req.query);
    const data = await records.mine(actorOf(res));
    res.set('cache-control', 'no-store');
    if (format === 'json') return void res.json(data);
    res.attachment('service-records.csv').type('text/csv; charset=utf-8').send(records.toCsv(data));
  });

  return router;
}
