import {
  ageAt, availabilityFromGrid, divisionCodeOf, maskResidentId, parseResidentId, shanghaiDate, skillsToMask,
  type Actor, type Eligibility, type FieldError, type ResidentId, type VolunteerProfileInput,
  type VolunteerProfileSummary, type VolunteerProfileView,
} from '@tongxin/shared';
import { authorize, can } from '../access';
import type { AuditTrail } from '../audit';
import { maskPhone } from '../auth';
import { ConflictError, ForbiddenError, NotFoundError, ValidationError } from '../../platform/errors';
import type { SealedPii } from './volunteers.model';
import { maskName, residentIdKey, type PiiVault } from './volunteers.pii';
import type { ProfileFields, VolunteerProfileRecord, VolunteersRepository } from './volunteers.repository';
import { CONSENT_REQUIRED_UNDER, eligibilityOf, type ShiftRequirements } from './volunteers.rules';
import { matchFactsOf, type MatchFactsListener, type VolunteerMatchFacts } from './volunteers.match-facts';
import { toOwnerView, toSummary } from './volunteers.view';

/** What this module needs to know from others, injected by the composition root. */
export interface VolunteerRelations {
  /** The masked phone of the account (bound at SMS sign-in), or null. */
  accountPhone(userId: string): Promise<string | null>;
  /** Communities whose needs the volunteer holds live sign-ups in. */
  enrolledCommunities(userId: string): Promise<string[]>;
}

/** A key claim older than this, not referenced by its holder's profile, was left by a crashed save. */
const STALE_CLAIM_MS = 60_000;

/** ~100 m: the home point is never stored more precisely than this. */
const roundTo100m = (degrees: number) => Math.round(degrees * 1000) / 1000;

function identityErrors(input: VolunteerProfileInput, identity: ResidentId | null, now: Date): FieldError[] {
  const errors: FieldError[] = [];
  const today = shanghaiDate(now);
  const age = identity ? ageAt(identity.birthDate, now) : null;
  if (age !== null && age < 0) errors.push({ path: 'residentId', message: '身份证号码中的出生日期晚于今天，请核对' });
  if (age !== null && age < CONSENT_REQUIRED_UNDER && !input.guardianConsent) {
    errors.push({
      path: 'guardianConsent',
      message: `未满 ${CONSENT_REQUIRED_UNDER} 周岁的志愿者须提供监护人同意记录（监护人姓名、关系、手机号码和同意日期）`,
    });
  }
  const consentedOn = input.guardianConsent?.consentedOn;
  if (consentedOn && consentedOn > today) errors.push({ path: 'guardianConsent.consentedOn', message: '同意日期不能晚于今天' });
  if (consentedOn && identity && consentedOn < identity.birthDate) {
    errors.push({ path: 'guardianConsent.consentedOn', message: '同意日期不能早于志愿者的出生日期' });
  }
  return errors;
}

function sealedPiiOf(input: VolunteerProfileInput, identity: ResidentId | null): SealedPii | null {
  const consent = input.guardianConsent;
  const pii: SealedPii = {
    ...(input.realName && identity ? { realName: input.realName, residentId: identity.number } : {}),
    ...(input.phone ? { phone: input.phone } : {}),
    ...(consent ? { guardianName: consent.guardianName, guardianPhone: consent.guardianPhone } : {}),
  };
  return Object.keys(pii).length > 0 ? pii : null;
}

function volunteerSubject(profile: VolunteerProfileRecord) {
  return {
    type: 'volunteer', id: profile._id.toHexString(), ...(profile.homeCommunityCode ? { communityCode: profile.homeCommunityCode } : {}),
  };
}

/** Real-name volunteer profiles: the owner's PUT/GET, staff's masked read, and sign-up eligibility. */
export class VolunteersService {
  private readonly factListeners: MatchFactsListener[] = [];

  constructor(
    private readonly repository: VolunteersRepository,
    private readonly vault: PiiVault,
    private readonly relations: VolunteerRelations,
    /** HMAC key for ID numbers (config.PII_HASH_KEY). */
    private readonly piiHashKey: string,
    private readonly audit: AuditTrail,
    private readonly now: () => Date = () => new Date(),
  ) {}

  /**
   * Replaces the actor's profile. A new ID number is claimed before the profile is written (insert
   * first: one number, one volunteer) and the number it replaces is released after, so a failure in
   * between leaves at worst a stale claim, which `claim` repairs.
   */
  async saveMine(actor: Actor, input: VolunteerProfileInput): Promise<VolunteerProfileView> {
    authorize(actor, 'volunteer-profile:write', { ownerUserId: actor.userId });
    const now = this.now();
    const parsed = input.residentId ? parseResidentId(input.residentId) : null;
    const identity = parsed?.ok ? parsed.value : null;
    const errors = identityErrors(input, identity, now);
    if (errors.length > 0) throw new ValidationError(errors);

    const existing = await this.repository.findProfile(actor.userId);
    const key = identity ? residentIdKey(identity.number, this.piiHashKey) : undefined;
    const claimed = key !== undefined && key !== existing?.residentIdKey;
    if (claimed) await this.claim(key, actor.userId, now);
    const pii = sealedPiiOf(input, identity);
    const saved = await this.repository
      .saveProfile(actor.userId, this.fieldsOf(actor.userId, input, identity, key, pii), existing?.createdAt)
      .catch(async (error: unknown) => {
        if (claimed) await this.repository.releaseResidentId(key, actor.userId);
        throw error;
      });
    if (existing?.residentIdKey && existing.residentIdKey !== key) {
      await this.repository.releaseResidentId(existing.residentIdKey, actor.userId);
    }
    await this.publishFacts(matchFactsOf(saved));
    await this.audit.record({
      actor, action: 'volunteer-profile:save', subject: volunteerSubject(saved), after: { fields: Object.keys(input).sort() },
    });
    return toOwnerView(saved, pii, await this.relations.accountPhone(actor.userId), now);
  }

  async getMine(actor: Actor): Promise<VolunteerProfileView> {
    authorize(actor, 'volunteer-profile:write', { ownerUserId: actor.userId });
    const profile = await this.repository.findProfile(actor.userId);
    if (!profile) throw new NotFoundError('你还没有填写志愿者资料');
    const pii = profile.sealed ? this.vault.open(actor.userId, profile.sealed) : null;
    // The owner's view carries the real name (and a guardian's): an unmasked read, so it is on the record.
    if (pii) await this.audit.record({ actor, action: 'volunteer-profile:view-unmasked', subject: volunteerSubject(profile) });
    return toOwnerView(profile, pii, await this.relations.accountPhone(actor.userId), this.now());
  }

  /** The profile's contact phone, for a notification sent by SMS; null without one. Never returned to clients. */
  async contactPhone(userId: string): Promise<string | null> {
    const profile = await this.repository.findProfile(userId);
    const pii = profile?.sealed ? this.vault.open(userId, profile.sealed) : null;
    return pii?.phone ?? null;
  }

  /** The owner's name and masked ID number as a certificate prints them; null without a real-name profile. */
  async certificateHolder(actor: Actor): Promise<{ realName: string; realNameMasked: string; residentIdMasked: string | null } | null> {
    authorize(actor, 'volunteer-profile:write', { ownerUserId: actor.userId });
    const profile = await this.repository.findProfile(actor.userId);
    const pii = profile?.sealed ? this.vault.open(actor.userId, profile.sealed) : null;
    if (!profile || !pii?.realName || !profile.realNameMasked) return null;
    return { realName: pii.realName, realNameMasked: profile.realNameMasked, residentIdMasked: profile.residentIdMasked ?? null };
  }

  /**
   * The masked profile, for the volunteer and for staff whose community is the volunteer's home or
   * holds one of their live sign-ups. Authorization comes first, so a refusal says nothing about
   * whether a profile exists.
   */
  async getSummary(actor: Actor, volunteerId: string): Promise<VolunteerProfileSummary> {
    const profile = await this.repository.findProfile(volunteerId);
    if (!can(actor, 'volunteer-profile:read', { ownerUserId: volunteerId })) {
      const communities = new Set(await this.relations.enrolledCommunities(volunteerId));
      if (profile?.homeCommunityCode) communities.add(profile.homeCommunityCode);
      const allowed = [...communities].some((communityCode) => can(actor, 'volunteer-profile:read', { communityCode }));
      if (!allowed) throw new ForbiddenError();
    }
    if (!profile) throw new NotFoundError('该志愿者还没有填写资料');
    return toSummary(profile, await this.relations.accountPhone(volunteerId), this.now());
  }

  /** The volunteer steps back: no matching, no sign-ups, until they save their profile again. */
  async deactivateMine(actor: Actor): Promise<void> {
    authorize(actor, 'volunteer-profile:write', { ownerUserId: actor.userId });
    const profile = await this.repository.markDeactivated(actor.userId, this.now());
    if (!profile) throw new NotFoundError('你还没有填写志愿者资料');
    await this.publishFacts(matchFactsOf(profile));
  }

  /** Masked real names ("李*") of volunteers, for ranked lists shown to staff (one `_id` read each). */
  async maskedNamesOf(ids: readonly string[]): Promise<Map<string, string>> {
    const profiles = await Promise.all(ids.map((id) => this.repository.findProfile(id)));
    return new Map(ids.flatMap((id, i) => (profiles[i]?.realNameMasked ? [[id, profiles[i].realNameMasked] as [string, string]] : [])));
  }

  /**
   * Real names (opened from the sealed record), for the narrow cases where a volunteer's own act made
   * them known to someone: a volunteer who took a meal point's delivery task, to that point's operators.
   * Callers establish that first; volunteers without a sealed name are left out.
   */
  async realNamesOf(ids: readonly string[]): Promise<Map<string, string>> {
    const profiles = await Promise.all(ids.map((id) => this.repository.findProfile(id)));
    return new Map(ids.flatMap((id, i) => {
      const sealed = profiles[i]?.sealed;
      const name = sealed ? this.vault.open(id, sealed).realName : undefined;
      return name ? [[id, name] as [string, string]] : [];
    }));
  }

  /** The county-level division of a volunteer's home community (one `_id` read), for region-aware recommendations. */
  async homeDistrictOf(userId: string): Promise<string | undefined> {
    return (await this.repository.findProfile(userId))?.homeDistrictCode ?? undefined;
  }

  /** Subscribes to every change of a volunteer's matching facts (profile saved, deactivated). */
  onMatchFactsChanged(listener: MatchFactsListener): void {
    this.factListeners.push(listener);
  }

  /** Every profile's matching facts, or those changed after `since` (streamed; a full read on FerretDB). */
  async *streamMatchFacts(since?: Date): AsyncGenerator<VolunteerMatchFacts> {
    for await (const profile of this.repository.streamForMatching(since)) yield matchFactsOf(profile);
  }

  private async publishFacts(facts: VolunteerMatchFacts): Promise<void> {
    for (const listener of this.factListeners) await listener(facts);
  }

  /** May this volunteer take this shift? The narrow question sign-up asks (one `_id` read, two without a profile phone). */
  async eligibilityFor(userId: string, shift: ShiftRequirements): Promise<Eligibility> {
    const profile = await this.repository.findProfile(userId);
    const hasPhone = profile?.phoneMasked !== undefined || (await this.relations.accountPhone(userId)) !== null;
    return eligibilityOf(profile, hasPhone, shift);
  }

  /** Claims the key insert-first; a claim its holder's profile does not reference and that is old is taken over. */
  private async claim(key: string, userId: string, now: Date): Promise<void> {
    const holder = await this.repository.claimResidentId(key, userId, now);
    if (holder.userId.toHexString() === userId) return;
    const holderProfile = await this.repository.findProfile(holder.userId.toHexString());
    const stale = holderProfile?.residentIdKey !== key && now.getTime() - holder.claimedAt.getTime() > STALE_CLAIM_MS;
    if (stale && (await this.repository.takeOverResidentId(key, holder.userId, userId, now))) return;
    throw new ConflictError('RESIDENT_ID_TAKEN');
  }

  private fieldsOf(
    userId: string, input: VolunteerProfileInput, identity: ResidentId | null, key: string | undefined, pii: SealedPii | null,
  ): ProfileFields {
    const { availability, homeLocation, homeCommunityCode, guardianConsent: consent } = input;
    const optional: Partial<VolunteerProfileRecord> = {
      ...(pii ? { sealed: this.vault.seal(userId, pii) } : {}),
      ...(identity && key && input.realName ? {
        residentIdKey: key,
        residentIdMasked: maskResidentId(identity.number),
        realNameMasked: maskName(input.realName),
        birthDate: identity.birthDate,
        gender: identity.gender,
      } : {}),
      ...(input.phone ? { phoneMasked: maskPhone(input.phone) } : {}),
      ...(availability !== undefined
        ? { availabilityMask: typeof availability === 'number' ? availability : availabilityFromGrid(availability) } : {}),
      ...(homeLocation ? { homeLocation: { lat: roundTo100m(homeLocation.lat), lng: roundTo100m(homeLocation.lng) } } : {}),
      ...(input.serviceRadiusKm !== undefined ? { serviceRadiusKm: input.serviceRadiusKm } : {}),
      ...(homeCommunityCode ? { homeCommunityCode, homeDistrictCode: divisionCodeOf(homeCommunityCode) } : {}),
      ...(consent ? {
        guardianConsent: {
          relation: consent.relation, consentedOn: consent.consentedOn, guardianPhoneMasked: maskPhone(consent.guardianPhone),
        },
      } : {}),
    };
    return { ...optional, skills: input.skills, skillsMask: skillsToMask(input.skills), languages: input.languages };
  }
}
