import { Router, type RequestHandler } from 'express';
import { createElderSchema, elderParamsSchema, linkRelativeSchema } from '@tongxin/shared';
import { actorOf } from '../../../platform/actor';
import { parseInput } from '../../../platform/validation';
import type { EldersService } from './elders.service';

export function eldersRouter(service: EldersService, authenticate: RequestHandler): Router {
  const router = Router();
  router.use(['/api/v1/elders', '/api/v1/me/elders'], authenticate);

  router.post('/api/v1/elders', async (req, res) => {
    res.status(201).json(await service.create(actorOf(res), parseInput(createElderSchema, req.body)));
  });

  router.get('/api/v1/me/elders', async (_req, res) => {
    res.json(await service.listMine(actorOf(res)));
  });

  router.get('/api/v1/elders/:id', async (req, res) => {
    const { id } = parseInput(elderParamsSchema, req.params);
    res.json(await service.get(actorOf(res), id));
  });

  router.post('/api/v1/elders/:id/relatives', async (req, res) => {
    const { id } = parseInput(elderParamsSchema, req.params);
    res.status(201).json(await service.linkRelative(actorOf(res), id, parseInput(linkRelativeSchema, req.body)));
  });

  return router;
}
