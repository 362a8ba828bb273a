import type { RequestHandler } from 'express';
import type { Socket } from 'socket.io';
import type { ModuleDeps } from '../module-deps';
import { NeedEventBus } from './needs.events';
import { NeedLifecycle } from './needs.lifecycle';
import { NeedsRepository } from './needs.repository';
import { needsRouter } from './needs.routes';
import { NeedsService } from './needs.service';
import { registerNeedSockets } from './needs.socket';
import { NeedPresenter } from './needs.view';
import { ShiftSeats } from './shift-seats';

export type { NeedLinks, NeedsService, ShiftSlot, UnfilledNeed } from './needs.service';
export type { OpenNeedShifts } from './need-facts';
export type { NeedEventBus, NeedEventHandlers, NeedEvents } from './needs.events';

export function createNeedsModule(deps: ModuleDeps, authenticate: RequestHandler) {
  const repository = new NeedsRepository(deps.connection);
  const seats = new ShiftSeats(deps.connection, deps.redis, deps.config.REDIS_PREFIX);
  const presenter = new NeedPresenter(seats);
  const events = new NeedEventBus();
  const service = new NeedsService(repository, seats, presenter, events, deps.notifier, { client: deps.redis, prefix: deps.config.REDIS_PREFIX }, deps.events);
  const lifecycle = new NeedLifecycle(repository, seats, presenter, events, deps.events);
  return {
    service,
    events,
    router: needsRouter(service, lifecycle, authenticate),
    registerSockets: (socket: Socket) => registerNeedSockets(socket, service, deps.logger.child({ module: 'needs' })),
  };
}

export type NeedsModule = ReturnType<typeof createNeedsModule>;
