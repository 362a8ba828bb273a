import type { RequestHandler } from 'express';
import type { ModuleDeps } from '../module-deps';
import { OrganizationsRepository } from './organizations.repository';
import { organizationsRouter } from './organizations.routes';
import { OrganizationsService } from './organizations.service';

export type { OrganizationsService };

/** The registry of social organizations (`/api/v1/organizations`). */
export function createOrganizationsModule(deps: ModuleDeps, authenticate: RequestHandler) {
  const service = new OrganizationsService(new OrganizationsRepository(deps.connection), deps.audit);
  return { service, router: organizationsRouter(service, authenticate) };
}

export type OrganizationsModule = ReturnType<typeof createOrganizationsModule>;
