import { Router, type RequestHandler } from 'express';
import {
  cancelNeedSchema, createNeedSchema, listNeedsQuerySchema, moveShiftSchema, needParamsSchema, shiftParamsSchema,
} from '@tongxin/shared';
import { parseInput } from '../../platform/validation';
import { actorOf } from '../../platform/actor';
import type { NeedLifecycle } from './needs.lifecycle';
import type { NeedsService } from './needs.service';

export function needsRouter(service: NeedsService, lifecycle: NeedLifecycle, authenticate: RequestHandler): Router {
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

  router.post('/api/v1/needs/:id/publish', async (req, res) => {
    const { id } = parseInput(needParamsSchema, req.params);
    res.json(await lifecycle.publish(actorOf(res), id));
  });

  router.post('/api/v1/needs/:id/cancel', async (req, res) => {
    const { id } = parseInput(needParamsSchema, req.params);
    res.json(await lifecycle.cancel(actorOf(res), id, parseInput(cancelNeedSchema, req.body)));
  });

  router.put('/api/v1/needs/:id/shifts/:shiftId', async (req, res) => {
    const { id, shiftId } = parseInput(shiftParamsSchema, req.params);
    res.json(await lifecycle.moveShift(actorOf(res), id, shiftId, parseInput(moveShiftSchema, req.body)));
  });

  return router;
}
