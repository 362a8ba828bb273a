import type { Actor } from '@tongxin/shared';
import type { Response } from 'express';
import type { Socket } from 'socket.io';
import { UnauthenticatedError } from './errors';

/** The authenticated actor of a request, set by the auth middleware. */
export function actorOf(res: Response): Actor {
  const actor = res.locals.actor as Actor | undefined;
  if (!actor) throw new UnauthenticatedError();
  return actor;
}

export function setActor(res: Response, actor: Actor): void {
  res.locals.actor = actor;
}

/** The actor a socket authenticated as at its handshake. */
export function actorOfSocket(socket: Socket): Actor {
  const actor = (socket.data as { actor?: Actor }).actor;
  if (!actor) throw new UnauthenticatedError();
  return actor;
}

export function setSocketActor(socket: Socket, actor: Actor): void {
  (socket.data as { actor?: Actor }).actor = actor;
}
