import { FLAG_ACTIVE, FLAG_CONSENT, type VolunteerEntry } from './columns';
import type { VolunteerMatchFacts } from './index-ports';
import { birthDayOf, communityIndexOf } from './query';

/** What matching reads of a volunteer profile: the volunteers module's facts, one type for both. */
export type MatchProfile = VolunteerMatchFacts;

/** Attendance counts behind the reliability score. */
export interface ReliabilityCounts {
  completed: number;
  noShows: number;
  lateCancellations: number;
}

/** Weight of the prior: a newcomer counts as this many shifts at PRIOR_RELIABILITY. */
const PRIOR_SHIFTS = 4;
const PRIOR_RELIABILITY = 0.85;

/** attended ÷ (attended + no-shows + ½ late cancellations), smoothed towards 0.85; as 0–255. */
export function reliabilityByte(counts: ReliabilityCounts | undefined): number {
  const c = counts ?? { completed: 0, noShows: 0, lateCancellations: 0 };
  const score = (c.completed + PRIOR_SHIFTS * PRIOR_RELIABILITY) / (c.completed + c.noShows + 0.5 * c.lateCancellations + PRIOR_SHIFTS);
  return Math.round(Math.min(1, Math.max(0, score)) * 255);
}

/** This week's load of a volunteer (see scoring.ts). */
export interface WeeklyLoad {
  minutes: number;
  invites: number;
  /** Bit d: weekday d (Monday = 0) served or booked. */
  days: number;
}

export const NO_LOAD: WeeklyLoad = { minutes: 0, invites: 0, days: 0 };

/** The index row of a profile; a profile without a home point or availability is kept but never matches. */
export function entryOf(profile: MatchProfile, reliability: number, load: WeeklyLoad = NO_LOAD): VolunteerEntry {
  const matchable = profile.realNameVerified && !profile.deactivated && profile.location !== undefined
    && (profile.availabilityMask ?? 0) > 0 && profile.birthDate !== undefined;
  return {
    id: profile.id,
    lat: profile.location?.lat ?? 0,
    lng: profile.location?.lng ?? 0,
    skills: profile.skillsMask,
    availability: profile.availabilityMask ?? 0,
    birthDay: birthDayOf(profile.birthDate),
    flags: (matchable ? FLAG_ACTIVE : 0) | (profile.guardianConsent ? FLAG_CONSENT : 0),
    reliability,
    loadMinutes: load.minutes,
    invites: load.invites,
    servedDays: load.days,
    community: communityIndexOf(profile.homeCommunityCode),
    radiusKm: Math.round(profile.serviceRadiusKm ?? 5),
  };
}
