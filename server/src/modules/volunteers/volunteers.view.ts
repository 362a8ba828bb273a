import {
  ageAt, ageBandOf, availabilityToGrid, findRegion, PROFILE_FIELDS,
  type AvailabilityView, type ProfileCompleteness, type ProfileField, type VolunteerProfileSummary, type VolunteerProfileView,
} from '@tongxin/shared';
import type { SealedPii, VolunteerProfileRecord } from './volunteers.model';

/** Which profile fields are filled in; the phone may come from the account (SMS sign-in). */
export function completenessOf(profile: VolunteerProfileRecord, accountPhoneMasked: string | null): ProfileCompleteness {
  const filled: Record<ProfileField, boolean> = {
    realName: profile.realNameMasked !== undefined,
    residentId: profile.residentIdKey !== undefined,
    phone: profile.phoneMasked !== undefined || accountPhoneMasked !== null,
    skills: profile.skills.length > 0,
    availability: (profile.availabilityMask ?? 0) > 0,
    homeLocation: profile.homeLocation !== undefined,
    serviceRadiusKm: profile.serviceRadiusKm !== undefined,
    homeCommunityCode: profile.homeCommunityCode !== undefined,
    languages: profile.languages.length > 0,
  };
  const fields = Object.keys(PROFILE_FIELDS) as ProfileField[];
  const missing = fields.filter((field) => !filled[field]);
  return { percent: Math.round((100 * (fields.length - missing.length)) / fields.length), missing };
}

function availabilityView(mask = 0): AvailabilityView {
  return { mask, grid: availabilityToGrid(mask) };
}

function derived(profile: VolunteerProfileRecord, now: Date) {
  return {
    residentIdMasked: profile.residentIdMasked ?? null,
    ageBand: profile.birthDate ? ageBandOf(ageAt(profile.birthDate, now)) : null,
    gender: profile.gender ?? null,
    skills: profile.skills,
    availability: availabilityView(profile.availabilityMask),
    serviceRadiusKm: profile.serviceRadiusKm ?? null,
    homeCommunityCode: profile.homeCommunityCode ?? null,
    homeCommunityName: profile.homeCommunityCode ? (findRegion(profile.homeCommunityCode)?.name ?? null) : null,
    languages: profile.languages,
  };
}

/** The owner's view: full name, masked ID number and phones, the rounded home point. */
export function toOwnerView(
  profile: VolunteerProfileRecord, pii: SealedPii | null, accountPhoneMasked: string | null, now: Date,
): VolunteerProfileView {
  const consent = profile.guardianConsent;
  return {
    userId: profile._id.toHexString(),
    realName: pii?.realName ?? null,
    birthYear: profile.birthDate ? Number(profile.birthDate.slice(0, 4)) : null,
    phone: profile.phoneMasked ?? accountPhoneMasked,
    ...derived(profile, now),
    homeLocation: profile.homeLocation ? { lat: profile.homeLocation.lat, lng: profile.homeLocation.lng } : null,
    guardianConsent: consent && pii?.guardianName
      ? {
        guardianName: pii.guardianName, relation: consent.relation,
        guardianPhone: consent.guardianPhoneMasked, consentedOn: consent.consentedOn,
      }
      : null,
    completeness: completenessOf(profile, accountPhoneMasked),
    updatedAt: profile.updatedAt.toISOString(),
  };
}

/** What authorized staff see: masked name, ID number and phone; an age band, not a birth date; no home point. */
export function toSummary(profile: VolunteerProfileRecord, accountPhoneMasked: string | null, now: Date): VolunteerProfileSummary {
  return {
    userId: profile._id.toHexString(),
    realNameMasked: profile.realNameMasked ?? null,
    phone: profile.phoneMasked ?? accountPhoneMasked,
    ...derived(profile, now),
    hasGuardianConsent: profile.guardianConsent !== undefined,
  };
}
