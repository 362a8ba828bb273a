import { Router, type RequestHandler } from 'express';
import { createNeedSchema, listNeedsQuerySchema, needParamsSchema } from '@tongxin/shared';
import { parseInput } from '../../platform/validation';
import { actorOf } from '../../platform/actor';
import type { NeedsService } from './needs.service';

export function needsRouter(service: NeedsService, authenticate: RequestHandler): Router {
  const router = Router();
  router.use('/api/v1/needs', authenticate);

  router.get('/api/v1/needs', async (req, res) => {
    res.json(await service.listOpenNeeds(actorOf(res), parseInput(listNeedsQuerySchema, req.query)));
  });

  router.post('/api/v1/needs', async (req, res) => {
    res.status(201).json(await service.createNeed(actorOf(res), parseInput(createNeedSchema, req.body)));
  });

  router.get('/api/v1/needs/:id', async (req, res) => {
    const { id } = parseInput(needParamsSchema, req.params);
    res.json(await service.getNeed(actorOf(res), id));
  });

  return router;
}
