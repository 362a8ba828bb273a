import { Router, type RequestHandler } from 'express';
import { createInvitationsSchema, invitationParamsSchema, needParamsSchema } from '@tongxin/shared';
import { actorOf } from '../../../platform/actor';
import { parseInput } from '../../../platform/validation';
import type { InvitationsService } from './invitations.service';

export function invitationsRouter(service: InvitationsService, authenticate: RequestHandler): Router {
  const router = Router();

  router.post('/api/v1/needs/:id/invitations', authenticate, async (req, res) => {
    const { id } = parseInput(needParamsSchema, req.params);
    const { shiftId } = parseInput(createInvitationsSchema, req.body);
    res.status(201).json(await service.start(actorOf(res), id, shiftId));
  });

  router.get('/api/v1/me/invitations', authenticate, async (_req, res) => {
    res.json({ items: await service.listMine(actorOf(res)) });
  });

  router.post('/api/v1/invitations/:id/accept', authenticate, async (req, res) => {
    const { id } = parseInput(invitationParamsSchema, req.params);
    res.json(await service.accept(actorOf(res), id));
  });

  router.post('/api/v1/invitations/:id/decline', authenticate, async (req, res) => {
    const { id } = parseInput(invitationParamsSchema, req.params);
    res.json(await service.decline(actorOf(res), id));
  });

  return router;
}
