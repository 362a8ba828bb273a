import type { RequestHandler } from 'express';
import { connectRedis } from '../../platform/redis';
import type { ModuleDeps } from '../module-deps';
import { CarePointsDirectory } from './care-points.directory';
import { MealRatings } from './meal-ratings';
import { MealPointsRepository } from './meal-points.repository';
import { mealPointsRouter } from './meal-points.routes';
import { MealPointsService } from './meal-points.service';
import { SubsidyRulesStore } from './subsidy-rules';

export type { MealPointsService };

/** Meal points (老年助餐点) and service stations: registry, menus, subsidy rules, the care map, elders and bookings. */
export function createMealPointsModule(deps: ModuleDeps, authenticate: RequestHandler) {
  const prefix = deps.config.REDIS_PREFIX;
  const repository = new MealPointsRepository(deps.connection);
  const directory = new CarePointsDirectory(
    repository, deps.redis, () => connectRedis(deps.config.REDIS_URL, 'consumer'), `${prefix}:care-points:changed`,
    deps.logger.child({ module: 'meal-points' }),
  );
  const ratings = new MealRatings(deps.connection, deps.redis, prefix);
  const rules = new SubsidyRulesStore(repository);
  const service = new MealPointsService(repository, directory, ratings, rules);
  return {
    service,
    directory,
    routers: [mealPointsRouter(service, authenticate)],
    /** Follows other replicas' writes to the in-memory directory. */
    listen: () => directory.listen(),
    close: () => directory.close(),
  };
}

export type MealPointsModule = ReturnType<typeof createMealPointsModule>;
