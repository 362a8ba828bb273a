import type { RequestHandler } from 'express';
import type { Eligibility } from '@tongxin/shared';
import { PiiCipher } from '../../platform/pii-cipher';
import type { ModuleDeps } from '../module-deps';
import { PiiVault } from './volunteers.pii';
import { VolunteersRepository } from './volunteers.repository';
import { volunteersRouter } from './volunteers.routes';
import type { ShiftRequirements } from './volunteers.rules';
import { VolunteersService, type VolunteerRelations } from './volunteers.service';

export type { ShiftRequirements, VolunteerRelations, VolunteersService };
export type { VolunteerMatchFacts } from './volunteers.match-facts';

/** The version envelopes are sealed with; rotating the key adds the old one under its version here. */
const PII_KEY_VERSION = 1;

/** Real-name volunteer profiles (`/api/v1/me/volunteer-profile`, `/api/v1/volunteers/:id`) and sign-up eligibility. */
export function createVolunteersModule(deps: ModuleDeps, relations: VolunteerRelations, authenticate: RequestHandler) {
  const cipher = new PiiCipher({ [PII_KEY_VERSION]: deps.config.PII_ENCRYPTION_KEY }, PII_KEY_VERSION);
  const repository = new VolunteersRepository(deps.connection);
  const service = new VolunteersService(repository, new PiiVault(cipher), relations, deps.config.PII_HASH_KEY, deps.audit);
  return {
    service,
    router: volunteersRouter(service, authenticate),
    /** The one question sign-up asks this module. */
    eligibilityFor: (userId: string, shift: ShiftRequirements): Promise<Eligibility> => service.eligibilityFor(userId, shift),
  };
}

export type VolunteersModule = ReturnType<typeof createVolunteersModule>;
