import type { CampaignOrganizationView, OrganizationView } from '@tongxin/shared';
import type { OrganizationRecord } from './organizations.repository';

/** May this organization raise funds from the public right now? */
export function canFundraise(organization: OrganizationRecord, now: Date): boolean {
  const qualification = organization.fundraisingQualification;
  if (organization.status !== 'active' || !qualification) return false;
  return !qualification.validUntil || qualification.validUntil.getTime() > now.getTime();
}

export function toOrganizationView(organization: OrganizationRecord, now: Date, withContact: boolean): OrganizationView {
  const qualification = organization.fundraisingQualification;
  return {
    id: organization._id.toHexString(),
    name: organization.name,
    creditCode: organization.creditCode,
    type: organization.type,
    registeringAuthority: organization.registeringAuthority,
    fundraisingQualification: qualification
      ? { recordNumber: qualification.recordNumber, ...(qualification.validUntil ? { validUntil: qualification.validUntil.toISOString() } : {}) }
      : null,
    canFundraise: canFundraise(organization, now),
    grade: organization.grade ?? null,
    ...(withContact ? { contact: { name: organization.contact.name, phone: organization.contact.phone } } : {}),
    status: organization.status,
    createdAt: organization.createdAt.toISOString(),
  };
}

/** What a campaign page must show about the organization running it (legal disclosure). */
export function toCampaignOrganizationView(organization: OrganizationRecord, now: Date): CampaignOrganizationView {
  return {
    id: organization._id.toHexString(),
    name: organization.name,
    creditCode: organization.creditCode,
    qualificationNumber: canFundraise(organization, now) ? organization.fundraisingQualification!.recordNumber : null,
    grade: organization.grade ?? null,
  };
}
