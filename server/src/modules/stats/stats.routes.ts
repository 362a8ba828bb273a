import { Router, type RequestHandler } from 'express';
import { statsRangeQuerySchema } from '@tongxin/shared';
import { actorOf } from '../../platform/actor';
import { parseInput } from '../../platform/validation';
import type { StatsQueries } from './stats.queries';

export function statsRouter(queries: StatsQueries, authenticate: RequestHandler): Router {
  const router = Router();
  router.use('/api/v1/stats', authenticate);

  router.get('/api/v1/stats/overview', async (req, res) => {
    res.json(await queries.overview(actorOf(res), parseInput(statsRangeQuerySchema, req.query)));
  });

  router.get('/api/v1/stats/districts', async (req, res) => {
    res.json(await queries.districts(actorOf(res), parseInput(statsRangeQuerySchema.omit({ areaCode: true }), req.query)));
  });

  /** Lower levels: the streets of a division, the communities of a street. */
  router.get('/api/v1/stats/children', async (req, res) => {
    res.json(await queries.children(actorOf(res), parseInput(statsRangeQuerySchema, req.query)));
  });

  return router;
}
