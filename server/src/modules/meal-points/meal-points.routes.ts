import { Router, type RequestHandler } from 'express';
import {
  careMapQuerySchema, createMealPointSchema, dailyMenuSchema, mealPointParamsSchema, menuParamsSchema, subsidyRulesSchema, updateMealPointSchema,
} from '@tongxin/shared';
import { actorOf } from '../../platform/actor';
import { parseInput } from '../../platform/validation';
import type { CareMapService } from './care-map.service';
import type { MealPointsService } from './meal-points.service';

/** The registry: points, menus, subsidy rules. */
export function mealPointsRouter(service: MealPointsService, authenticate: RequestHandler): Router {
  const router = Router();
  router.use(['/api/v1/meal-points', '/api/v1/meal-subsidy-rules'], authenticate);

  router.post('/api/v1/meal-points', async (req, res) => {
    res.status(201).json(await service.create(actorOf(res), parseInput(createMealPointSchema, req.body)));
  });

  router.get('/api/v1/meal-points/:id', async (req, res) => {
    const { id } = parseInput(mealPointParamsSchema, req.params);
    res.json(await service.get(actorOf(res), id));
  });

  router.patch('/api/v1/meal-points/:id', async (req, res) => {
    const { id } = parseInput(mealPointParamsSchema, req.params);
    res.json(await service.update(actorOf(res), id, parseInput(updateMealPointSchema, req.body)));
  });

  router.put('/api/v1/meal-points/:id/menus/:date', async (req, res) => {
    const { id, date } = parseInput(menuParamsSchema, req.params);
    res.json(await service.saveMenu(actorOf(res), id, date, parseInput(dailyMenuSchema, req.body)));
  });

  router.get('/api/v1/meal-points/:id/menus/:date', async (req, res) => {
    const { id, date } = parseInput(menuParamsSchema, req.params);
    res.json(await service.getMenu(actorOf(res), id, date));
  });

  router.get('/api/v1/meal-subsidy-rules', async (_req, res) => {
    res.json(await service.subsidyRules(actorOf(res)));
  });

  router.put('/api/v1/meal-subsidy-rules', async (req, res) => {
    res.json(await service.saveSubsidyRules(actorOf(res), parseInput(subsidyRulesSchema, req.body)));
  });

  return router;
}

/** The care map: `GET /api/v1/meal-points?near=lat,lng&radiusKm=&date=&meal=&elderId=&available=&limit=`. */
export function careMapRouter(careMap: CareMapService, authenticate: RequestHandler): Router {
  const router = Router();
  router.get('/api/v1/meal-points', authenticate, async (req, res) => {
    const json = await careMap.nearJson(actorOf(res), parseInput(careMapQuerySchema, req.query));
    // What res.json would send (same Content-Type), written without stringifying the items per request.
    res.set('Content-Type', 'application/json').send(json);
  });
  return router;
}
