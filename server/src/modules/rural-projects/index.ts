import type { RequestHandler } from 'express';
import type { ModuleDeps } from '../module-deps';
import { RuralProjectsDiscovery, type LinkedWork } from './rural-projects.discovery';
import { RuralProjectsRepository } from './rural-projects.repository';
import { ruralProjectsRouter } from './rural-projects.routes';
import { RuralProjectsService, type OrganizationLookup } from './rural-projects.service';

export type { LinkedWork, OrganizationLookup, RuralProjectsService };

/** Rural revitalization projects (乡村振兴, `/api/v1/rural-projects`): registry, status, progress, discovery. */
export function createRuralProjectsModule(deps: ModuleDeps, ports: OrganizationLookup & LinkedWork, authenticate: RequestHandler) {
  const repository = new RuralProjectsRepository(deps.connection);
  const service = new RuralProjectsService(repository, ports, deps.audit);
  const discovery = new RuralProjectsDiscovery(repository, service, ports, ports);
  return { service, discovery, router: ruralProjectsRouter(service, discovery, authenticate) };
}

export type RuralProjectsModule = ReturnType<typeof createRuralProjectsModule>;
