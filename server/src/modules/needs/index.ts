import type { RequestHandler } from 'express';
import type { Socket } from 'socket.io';
import type { ModuleDeps } from '../module-deps';
import { NeedsRepository } from './needs.repository';
import { needsRouter } from './needs.routes';
import { NeedsService } from './needs.service';
import { registerNeedSockets } from './needs.socket';

export type { NeedsService, ShiftSlot } from './needs.service';

export function createNeedsModule(deps: ModuleDeps, authenticate: RequestHandler) {
  const service = new NeedsService(new NeedsRepository(deps.connection), deps.notifier);
  return {
    service,
    router: needsRouter(service, authenticate),
    registerSockets: (socket: Socket) => registerNeedSockets(socket, service, deps.logger.child({ module: 'needs' })),
  };
}

export type NeedsModule = ReturnType<typeof createNeedsModule>;
