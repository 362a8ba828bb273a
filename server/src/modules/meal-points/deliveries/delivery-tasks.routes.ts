import { Router, type RequestHandler } from 'express';
import {
  deliveryCandidatesQuerySchema, deliveryTaskParamsSchema, inviteDeliveryVolunteersSchema, mealPointParamsSchema, pointDeliveryTasksQuerySchema,
} from '@tongxin/shared';
import { actorOf } from '../../../platform/actor';
import { parseInput } from '../../../platform/validation';
import type { DeliveryTasks } from './delivery-tasks.service';
import type { DeliveryTaskViews } from './delivery-tasks.views';
import type { DeliveryVolunteerPicker } from './delivery-volunteers';

export function deliveryTasksRouter(tasks: DeliveryTasks, views: DeliveryTaskViews, picker: DeliveryVolunteerPicker, authenticate: RequestHandler): Router {
  const router = Router();
  router.use(['/api/v1/delivery-tasks', '/api/v1/me/delivery-tasks'], authenticate);

  router.get('/api/v1/me/delivery-tasks', async (_req, res) => {
    res.json(await views.mine(actorOf(res)));
  });

  router.get('/api/v1/delivery-tasks/:id', async (req, res) => {
    res.json(await views.get(actorOf(res), parseInput(deliveryTaskParamsSchema, req.params).id));
  });

  router.post('/api/v1/delivery-tasks/:id/accept', async (req, res) => {
    res.json(await tasks.accept(actorOf(res), parseInput(deliveryTaskParamsSchema, req.params).id));
  });

  router.post('/api/v1/delivery-tasks/:id/decline', async (req, res) => {
    res.json(await tasks.decline(actorOf(res), parseInput(deliveryTaskParamsSchema, req.params).id));
  });

  // The operator's picker: ranked nearby volunteers with the delivery skill, and inviting some of them.
  router.get('/api/v1/delivery-tasks/:id/candidates', async (req, res) => {
    const { id } = parseInput(deliveryTaskParamsSchema, req.params);
    res.json(await picker.candidatesFor(actorOf(res), id, parseInput(deliveryCandidatesQuerySchema, req.query).limit));
  });

  router.post('/api/v1/delivery-tasks/:id/invitations', async (req, res) => {
    const { id } = parseInput(deliveryTaskParamsSchema, req.params);
    res.status(201).json(await picker.invite(actorOf(res), id, parseInput(inviteDeliveryVolunteersSchema, req.body).volunteerIds));
  });

  router.get('/api/v1/meal-points/:id/delivery-tasks', authenticate, async (req, res) => {
    const { id } = parseInput(mealPointParamsSchema, req.params);
    res.json(await views.forPointDay(actorOf(res), id, parseInput(pointDeliveryTasksQuerySchema, req.query).date));
  });

  return router;
}
