import type { RequestHandler } from 'express';
import type { Actor } from '@tongxin/shared';
import { setActor } from '../../platform/actor';
import { UnauthenticatedError } from '../../platform/errors';

const BEARER = /^Bearer ([A-Za-z0-9_.-]+)$/;

/**
 * Requires `Authorization: Bearer <access token>` and puts its actor on `res.locals` for `actorOf`.
 * Several routers guard the same prefix (`/api/v1/meal-points` has three), so a request already
 * authenticated on its way is not verified again.
 */
export function bearerAuthentication(verify: (token: string) => Actor): RequestHandler {
  return (req, res, next) => {
    if (res.locals.actor) return next();
    const token = BEARER.exec(req.get('authorization') ?? '')?.[1];
    if (!token) throw new UnauthenticatedError();
    setActor(res, verify(token));
    next();
  };
}
