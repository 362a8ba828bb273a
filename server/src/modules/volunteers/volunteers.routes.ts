import { Router, type RequestHandler } from 'express';
import { volunteerParamsSchema, volunteerProfileSchema } from '@tongxin/shared';
import { actorOf } from '../../platform/actor';
import { parseInput } from '../../platform/validation';
import type { VolunteersService } from './volunteers.service';

export function volunteersRouter(service: VolunteersService, authenticate: RequestHandler): Router {
  const router = Router();

  router.put('/api/v1/me/volunteer-profile', authenticate, async (req, res) => {
    res.json(await service.saveMine(actorOf(res), parseInput(volunteerProfileSchema, req.body)));
  });

  router.get('/api/v1/me/volunteer-profile', authenticate, async (_req, res) => {
    res.json(await service.getMine(actorOf(res)));
  });

  router.delete('/api/v1/me/volunteer-profile', authenticate, async (_req, res) => {
    await service.deactivateMine(actorOf(res));
    res.status(204).end();
  });

  router.get('/api/v1/volunteers/:id', authenticate, async (req, res) => {
    const { id } = parseInput(volunteerParamsSchema, req.params);
    res.json(await service.getSummary(actorOf(res), id));
  });

  return router;
}
