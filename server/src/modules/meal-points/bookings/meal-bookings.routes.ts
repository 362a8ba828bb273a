import { Router, type RequestHandler } from 'express';
import {
  assignDeliverySchema, createMealBookingSchema, dayViewQuerySchema, mealBookingParamsSchema, mealPointParamsSchema, mealRatingSchema, pickupSchema,
} from '@tongxin/shared';
import { actorOf } from '../../../platform/actor';
import { parseInput } from '../../../platform/validation';
import type { MealBookingsService } from './meal-bookings.service';
import type { MealDeliveries } from './meal-deliveries';

export function mealBookingsRouter(service: MealBookingsService, deliveries: MealDeliveries, authenticate: RequestHandler): Router {
  const router = Router();
  router.use(['/api/v1/meal-points', '/api/v1/meal-bookings'], authenticate);

  router.post('/api/v1/meal-points/:id/bookings', async (req, res) => {
    const { id } = parseInput(mealPointParamsSchema, req.params);
    res.status(201).json(await service.book(actorOf(res), id, parseInput(createMealBookingSchema, req.body)));
  });

  router.get('/api/v1/meal-points/:id/bookings', async (req, res) => {
    const { id } = parseInput(mealPointParamsSchema, req.params);
    const { date } = parseInput(dayViewQuerySchema, req.query);
    res.json(await service.dayView(actorOf(res), id, date));
  });

  router.get('/api/v1/meal-bookings/:id', async (req, res) => {
    const { id } = parseInput(mealBookingParamsSchema, req.params);
    res.json(await service.get(actorOf(res), id));
  });

  router.delete('/api/v1/meal-bookings/:id', async (req, res) => {
    const { id } = parseInput(mealBookingParamsSchema, req.params);
    res.json(await service.cancel(actorOf(res), id));
  });

  router.get('/api/v1/meal-bookings/:id/pickup-code', async (req, res) => {
    const { id } = parseInput(mealBookingParamsSchema, req.params);
    res.json(await service.pickupCode(actorOf(res), id));
  });

  router.post('/api/v1/meal-bookings/:id/pickup', async (req, res) => {
    const { id } = parseInput(mealBookingParamsSchema, req.params);
    res.json(await service.pickup(actorOf(res), id, parseInput(pickupSchema, req.body).code));
  });

  router.post('/api/v1/meal-bookings/:id/rating', async (req, res) => {
    const { id } = parseInput(mealBookingParamsSchema, req.params);
    res.status(201).json(await service.rate(actorOf(res), id, parseInput(mealRatingSchema, req.body)));
  });

  router.post('/api/v1/meal-bookings/:id/delivery', async (req, res) => {
    const { id } = parseInput(mealBookingParamsSchema, req.params);
    res.status(201).json(await deliveries.assign(actorOf(res), id, parseInput(assignDeliverySchema, req.body).volunteerUserId));
  });

  router.get('/api/v1/meal-bookings/:id/delivery-address', async (req, res) => {
    const { id } = parseInput(mealBookingParamsSchema, req.params);
    res.set('cache-control', 'no-store').json(await deliveries.address(actorOf(res), id));
  });

  router.post('/api/v1/meal-bookings/:id/delivered', async (req, res) => {
    const { id } = parseInput(mealBookingParamsSchema, req.params);
    res.json(await deliveries.confirm(actorOf(res), id));
  });

  return router;
}
