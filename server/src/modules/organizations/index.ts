import type { RequestHandler } from 'express';
import type { ModuleDeps } from '../module-deps';
import { OrganizationComplaints } from './complaints';
import { OrganizationsRepository } from './organizations.repository';
import { organizationsRouter } from './organizations.routes';
import { OrganizationsService } from './organizations.service';
import { VolunteerInsurance, type InsurancePorts } from './volunteer-insurance';
import { VolunteerUnitsRepository } from './volunteer-units.repository';
import { volunteerUnitsRouter } from './volunteer-units.routes';
import { VolunteerUnitsService } from './volunteer-units.service';

export type { OrganizationsService };
export type { OrganizationComplaints };

/** The registry of social organizations (`/api/v1/organizations`). */
export function createOrganizationsModule(deps: ModuleDeps, authenticate: RequestHandler) {
  const service = new OrganizationsService(new OrganizationsRepository(deps.connection), deps.audit);
  const complaints = new OrganizationComplaints(deps.connection, (id) => service.fundraiser(id));
  return { service, complaints, router: organizationsRouter(service, complaints, authenticate) };
}

export type OrganizationsModule = ReturnType<typeof createOrganizationsModule>;

/** The volunteer service network (志愿服务组织/队伍, four levels), membership with approval, and volunteer insurance. */
export function createVolunteerUnitsModule(deps: ModuleDeps, ports: InsurancePorts, authenticate: RequestHandler) {
  const repository = new VolunteerUnitsRepository(deps.connection);
  const units = new VolunteerUnitsService(repository, deps.audit);
  const insurance = new VolunteerInsurance(repository, units, ports, deps.audit);
  return { units, insurance, router: volunteerUnitsRouter(units, insurance, authenticate) };
}
