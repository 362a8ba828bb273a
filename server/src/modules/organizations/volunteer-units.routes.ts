import { Router, type RequestHandler } from 'express';
import {
  appointUnitAdminSchema, createVolunteerUnitSchema, listUnitMembersQuerySchema, membershipDecisionSchema, recordInsuranceSchema,
  unitMemberParamsSchema, volunteerUnitParamsSchema,
} from '@tongxin/shared';
import { actorOf } from '../../platform/actor';
import { parseInput } from '../../platform/validation';
import type { VolunteerInsurance } from './volunteer-insurance';
import type { VolunteerUnitsService } from './volunteer-units.service';

/** `/api/v1/volunteer-units`: the four-level network of volunteer organizations and teams, membership and insurance. */
export function volunteerUnitsRouter(units: VolunteerUnitsService, insurance: VolunteerInsurance, authenticate: RequestHandler): Router {
  const router = Router();
  const unitId = (params: unknown) => parseInput(volunteerUnitParamsSchema, params).id;

  router.post('/api/v1/volunteer-units', authenticate, async (req, res) => {
    res.status(201).json(await units.create(actorOf(res), parseInput(createVolunteerUnitSchema, req.body)));
  });
  router.get('/api/v1/volunteer-units/:id', authenticate, async (req, res) => {
    res.json(await units.get(actorOf(res), unitId(req.params)));
  });
  router.post('/api/v1/volunteer-units/:id/admins', authenticate, async (req, res) => {
    res.status(201).json(await units.appointAdmin(actorOf(res), unitId(req.params), parseInput(appointUnitAdminSchema, req.body).userId));
  });
  router.post('/api/v1/volunteer-units/:id/applications', authenticate, async (req, res) => {
    res.status(201).json(await units.apply(actorOf(res), unitId(req.params)));
  });
  router.get('/api/v1/volunteer-units/:id/members', authenticate, async (req, res) => {
    const { status } = parseInput(listUnitMembersQuerySchema, req.query);
    res.set('cache-control', 'no-store').json(await units.members(actorOf(res), unitId(req.params), status));
  });
  router.post('/api/v1/volunteer-units/:id/members/:userId/decision', authenticate, async (req, res) => {
    const { id, userId } = parseInput(unitMemberParamsSchema, req.params);
    res.json(await units.decide(actorOf(res), id, userId, parseInput(membershipDecisionSchema, req.body)));
  });
  router.post('/api/v1/volunteer-units/:id/insurance', authenticate, async (req, res) => {
    res.status(201).json(await insurance.record(actorOf(res), unitId(req.params), parseInput(recordInsuranceSchema, req.body)));
  });
  router.get('/api/v1/me/volunteer-units', authenticate, async (_req, res) => {
    res.set('cache-control', 'no-store').json(await units.mine(actorOf(res)));
  });
  router.get('/api/v1/me/insurance', authenticate, async (_req, res) => {
    res.set('cache-control', 'no-store').json(await insurance.mine(actorOf(res)));
  });
  return router;
}
