import { Router, type RequestHandler } from 'express';
import {
  createRuralProjectSchema, listRuralProjectsQuerySchema, progressUpdateSchema, ruralProjectParamsSchema, ruralProjectTransitionSchema,
  updateRuralProjectSchema,
} from '@tongxin/shared';
import { actorOf } from '../../platform/actor';
import { parseInput } from '../../platform/validation';
import type { RuralProjectsDiscovery } from './rural-projects.discovery';
import type { RuralProjectsService } from './rural-projects.service';

export function ruralProjectsRouter(service: RuralProjectsService, discovery: RuralProjectsDiscovery, authenticate: RequestHandler): Router {
  const router = Router();
  router.use('/api/v1/rural-projects', authenticate);
  const idOf = (params: unknown) => parseInput(ruralProjectParamsSchema, params).id;

  router.get('/api/v1/rural-projects', async (req, res) => {
    res.json(await discovery.list(actorOf(res), parseInput(listRuralProjectsQuerySchema, req.query)));
  });

  router.post('/api/v1/rural-projects', async (req, res) => {
    res.status(201).json(await service.create(actorOf(res), parseInput(createRuralProjectSchema, req.body)));
  });

  router.get('/api/v1/rural-projects/:id', async (req, res) => {
    res.json(await discovery.get(actorOf(res), idOf(req.params)));
  });

  router.patch('/api/v1/rural-projects/:id', async (req, res) => {
    res.json(await service.update(actorOf(res), idOf(req.params), parseInput(updateRuralProjectSchema, req.body)));
  });

  router.post('/api/v1/rural-projects/:id/transitions', async (req, res) => {
    res.json(await service.transition(actorOf(res), idOf(req.params), parseInput(ruralProjectTransitionSchema, req.body)));
  });

  router.post('/api/v1/rural-projects/:id/progress', async (req, res) => {
    res.status(201).json(await service.addProgress(actorOf(res), idOf(req.params), parseInput(progressUpdateSchema, req.body)));
  });

  return router;
}
