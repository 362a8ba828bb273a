import type { VolunteerProfileRecord } from './volunteers.model';

/**
 * What matching needs to know about a volunteer, and nothing personal: published after every
 * profile write and streamed in bulk to build the matching index.
 */
export interface VolunteerMatchFacts {
  id: string;
  location?: { lat: number; lng: number };
  skillsMask: number;
  availabilityMask?: number;
  /** "YYYY-MM-DD". */
  birthDate?: string;
  serviceRadiusKm?: number;
  homeCommunityCode?: string;
  /** Real name and ID number on file. */
  realNameVerified: boolean;
  guardianConsent: boolean;
  deactivated: boolean;
  updatedAt: Date;
}

/** The profile fields the facts are read from (the streamed projection). */
export const MATCH_FACT_FIELDS = {
  homeLocation: 1, skillsMask: 1, availabilityMask: 1, birthDate: 1, serviceRadiusKm: 1, homeCommunityCode: 1,
  residentIdKey: 1, guardianConsent: 1, deactivatedAt: 1, updatedAt: 1,
} as const;

export function matchFactsOf(p: Pick<VolunteerProfileRecord, '_id' | 'skillsMask' | 'updatedAt'> & Partial<VolunteerProfileRecord>): VolunteerMatchFacts {
  return {
    id: p._id.toHexString(),
    ...(p.homeLocation ? { location: { lat: p.homeLocation.lat, lng: p.homeLocation.lng } } : {}),
    skillsMask: p.skillsMask ?? 0,
    ...(p.availabilityMask !== undefined ? { availabilityMask: p.availabilityMask } : {}),
    ...(p.birthDate ? { birthDate: p.birthDate } : {}),
    ...(p.serviceRadiusKm !== undefined ? { serviceRadiusKm: p.serviceRadiusKm } : {}),
    ...(p.homeCommunityCode ? { homeCommunityCode: p.homeCommunityCode } : {}),
    realNameVerified: p.residentIdKey !== undefined,
    guardianConsent: p.guardianConsent !== undefined,
    deactivated: p.deactivatedAt !== undefined && p.deactivatedAt !== null,
    updatedAt: p.updatedAt,
  };
}

export type MatchFactsListener = (facts: VolunteerMatchFacts) => Promise<void>;
