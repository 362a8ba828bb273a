import { Router, type RequestHandler } from 'express';
import { candidatesQuerySchema, needParamsSchema, recommendationsQuerySchema } from '@tongxin/shared';
import { actorOf } from '../../platform/actor';
import { parseInput } from '../../platform/validation';
import type { MatchingService } from './matching.service';

export function matchingRouter(service: MatchingService, authenticate: RequestHandler): Router {
  const router = Router();

  router.get('/api/v1/needs/:id/candidates', authenticate, async (req, res) => {
    const { id } = parseInput(needParamsSchema, req.params);
    res.json(await service.candidates(actorOf(res), id, parseInput(candidatesQuerySchema, req.query)));
  });

  router.get('/api/v1/me/recommendations', authenticate, async (req, res) => {
    res.json({ items: await service.recommendations(actorOf(res), parseInput(recommendationsQuerySchema, req.query)) });
  });

  return router;
}
