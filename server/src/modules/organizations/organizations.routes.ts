import { Router, type RequestHandler } from 'express';
import {
  createComplaintSchema, createOrganizationSchema, listOrganizationsQuerySchema, organizationParamsSchema, updateOrganizationSchema,
} from '@tongxin/shared';
import { actorOf } from '../../platform/actor';
import { parseInput } from '../../platform/validation';
import type { OrganizationComplaints } from './complaints';
import type { OrganizationsService } from './organizations.service';

export function organizationsRouter(service: OrganizationsService, complaints: OrganizationComplaints, authenticate: RequestHandler): Router {
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

  router.post('/api/v1/organizations/:id/complaints', async (req, res) => {
    const { id } = parseInput(organizationParamsSchema, req.params);
    res.status(201).json(await complaints.file(actorOf(res), id, parseInput(createComplaintSchema, req.body)));
  });

  return router;
}
