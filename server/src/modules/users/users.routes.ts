import { Router, type RequestHandler } from 'express';
import { actorOf } from '../../platform/actor';
import type { UsersService } from './users.service';

export function usersRouter(service: UsersService, authenticate: RequestHandler): Router {
  const router = Router();

  router.get('/api/v1/me', authenticate, async (_req, res) => {
    res.json(await service.getMe(actorOf(res)));
  });

  return router;
}
