import { Router, type RequestHandler } from 'express';
import {
  correctHoursSchema, deviceIdSchema, enrollmentParamsSchema, flaggedAttendanceQuerySchema, reviewAttendanceSchema,
} from '@tongxin/shared';
import { actorOf } from '../../platform/actor';
import { parseInput } from '../../platform/validation';
import type { AttendanceReview } from './attendance-review';
import type { HoursCorrections } from './hours-corrections';

/** The device id a check-in came from, when the app sends one (`X-Device-Id`); malformed ones are refused. */
export function deviceIdOf(header: string | undefined): string | undefined {
  return header === undefined ? undefined : parseInput(deviceIdSchema, header);
}

/** Corrections to verified hours, a sign-up's hours history, and staff's review of flagged records. */
export function attendanceReviewRouter(corrections: HoursCorrections, review: AttendanceReview, authenticate: RequestHandler): Router {
  const router = Router();

  router.post('/api/v1/enrollments/:id/hours-corrections', authenticate, async (req, res) => {
    const { id } = parseInput(enrollmentParamsSchema, req.params);
    res.status(201).json(await corrections.correct(actorOf(res), id, parseInput(correctHoursSchema, req.body)));
  });

  router.get('/api/v1/enrollments/:id/hours', authenticate, async (req, res) => {
    const { id } = parseInput(enrollmentParamsSchema, req.params);
    res.set('cache-control', 'no-store').json(await corrections.history(actorOf(res), id));
  });

  router.get('/api/v1/attendance/flagged', authenticate, async (req, res) => {
    res.set('cache-control', 'no-store').json(await review.flagged(actorOf(res), parseInput(flaggedAttendanceQuerySchema, req.query)));
  });

  router.post('/api/v1/enrollments/:id/attendance-review', authenticate, async (req, res) => {
    const { id } = parseInput(enrollmentParamsSchema, req.params);
    res.json(await review.review(actorOf(res), id, parseInput(reviewAttendanceSchema, req.body ?? {})));
  });

  return router;
}
