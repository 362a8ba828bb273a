import { Router, type RequestHandler } from 'express';
import {
  createOrganizationSchema, listOrganizationsQuerySchema, organizationParamsSchema, updateOrganizationSchema,
} from '@tongxin/shared';
import { actorOf } from '../../platform/actor';
import { parseInput } from '../../platform/validation';
import type { OrganizationsService } from './organizations.service';

export function organizationsRouter(service: OrganizationsService, authenticate: RequestHandler): Router {
  const router = Router();
  router.use('/api/v1/organizations', authenticate);

  router.get('/api/v1/organizations', async (req, res) => {
    res.json(await service.list(actorOf(res), parseInput(listOrganizationsQuerySchema, req.query)));
  });

  router.post('/api/v1/organizations', async (req, res) => {
    res.status(201).json(await service.register(actorOf(res), parseInput(createOrganizationSchema, req.body)));
  });

  router.get('/api/v1/organizations/:id', async (req, res) => {
    res.json(await service.get(actorOf(res), parseInput(organizationParamsSchema, req.params).id));
  });

  router.patch('/api/v1/organizations/:id', async (req, res) => {
    const { id } = parseInput(organizationParamsSchema, req.params);
    res.json(await service.update(actorOf(res), id, parseInput(updateOrganizationSchema, req.body)));
  });

  return router;
}
