import type { RequestHandler } from 'express';
import type { Actor } from '@tongxin/shared';
import { setActor } from '../../platform/actor';
import { UnauthenticatedError } from '../../platform/errors';

const BEARER = /^Bearer ([A-Za-z0-9_.-]+)$/;

/** Requires `Authorization: Bearer <access token>` and puts its actor on `res.locals` for `actorOf`. */
export function bearerAuthentication(verify: (token: string) => Actor): RequestHandler {
  return (req, res, next) => {
    const token = BEARER.exec(req.get('authorization') ?? '')?.[1];
    if (!token) throw new UnauthenticatedError();
    setActor(res, verify(token));
    next();
  };
}
