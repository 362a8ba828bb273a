import type { RequestHandler } from 'express';
import type { ModuleDeps } from '../module-deps';
import { UsersRepository } from './users.repository';
import { usersRouter } from './users.routes';
import { UsersService } from './users.service';

export type { CreateUserInput, UsersService } from './users.service';

/**
 * Accounts and `GET /api/v1/me`. Built before the auth module (which signs users in through this
 * service), so its router is made once auth's token check exists.
 */
export function createUsersModule(deps: ModuleDeps) {
  const service = new UsersService(new UsersRepository(deps.connection), deps.config.PII_HASH_KEY);
  return { service, routerWith: (authenticate: RequestHandler) => usersRouter(service, authenticate) };
}

export type UsersModule = ReturnType<typeof createUsersModule>;
