import { Types } from 'mongoose';
import type {
  Actor, CampaignOrganizationView, CreateOrganizationInput, ListOrganizationsQuery, OrganizationView, Page,
  UpdateOrganizationInput,
} from '@tongxin/shared';
import { authorize, can } from '../access';
import type { AuditTrail } from '../audit';
import { ConflictError, NotFoundError, ValidationError } from '../../platform/errors';
import type { OrganizationChange, OrganizationRecord, OrganizationsRepository } from './organizations.repository';
import { canFundraise, toCampaignOrganizationView, toOrganizationView } from './organizations.view';

/** The registry of social organizations: civil-affairs admins register and manage all, org admins their own. */
export class OrganizationsService {
  constructor(
    private readonly repository: OrganizationsRepository,
    private readonly trail: AuditTrail,
    private readonly now: () => Date = () => new Date(),
  ) {}

  async register(actor: Actor, input: CreateOrganizationInput): Promise<OrganizationView> {
    authorize(actor, 'organization:create');
    const { fundraisingQualification, ...fields } = input;
    const organization = await this.repository.insert({
      ...fields,
      ...(fundraisingQualification ? { fundraisingQualification: qualificationRecord(fundraisingQualification) } : {}),
      createdBy: new Types.ObjectId(actor.userId),
    });
    if (!organization) throw new ConflictError('CREDIT_CODE_TAKEN');
    await this.trail.record({
      actor, action: 'organization:register', subject: { type: 'organization', id: organization._id.toHexString() },
      after: { creditCode: organization.creditCode, type: organization.type, grade: organization.grade ?? null },
    });
    return this.toView(actor, organization);
  }

  async get(actor: Actor, id: string): Promise<OrganizationView> {
    authorize(actor, 'organization:read');
    return this.toView(actor, await this.require(id));
  }

  async list(actor: Actor, query: ListOrganizationsQuery): Promise<Page<OrganizationView>> {
    authorize(actor, 'organization:read');
    if (query.cursor && !/^[a-f0-9]{24}$/.test(query.cursor)) {
      throw new ValidationError([{ path: 'cursor', message: '分页游标不正确' }]);
    }
    const found = await this.repository.list(
      {
        ...(query.type ? { type: query.type } : {}),
        ...(query.status ? { status: query.status } : {}),
        ...(query.cursor ? { before: new Types.ObjectId(query.cursor) } : {}),
      },
      query.limit + 1,
    );
    const items = found.slice(0, query.limit).map((o) => this.toView(actor, o));
    return { items, nextCursor: found.length > query.limit ? items.at(-1)!.id : null };
  }

  async update(actor: Actor, id: string, input: UpdateOrganizationInput): Promise<OrganizationView> {
    const organization = await this.require(id);
    authorize(actor, 'organization:update', { organizationId: id });
    if (input.status !== undefined) authorize(actor, 'organization:set-status', { organizationId: id });
    const updated = await this.repository.update(organization._id, toChange(input));
    if (!updated) throw new NotFoundError('组织不存在');
    await this.trail.record({ actor, action: 'organization:update', subject: { type: 'organization', id }, ...auditedChange(organization, updated) });
    return this.toView(actor, updated);
  }

  /** The organization as a campaign needs it: its record and whether it may fundraise now. */
  async fundraiser(id: string): Promise<{ organization: OrganizationRecord; qualified: boolean; view: CampaignOrganizationView }> {
    const organization = await this.require(id);
    const now = this.now();
    return { organization, qualified: canFundraise(organization, now), view: toCampaignOrganizationView(organization, now) };
  }

  private toView(actor: Actor, organization: OrganizationRecord): OrganizationView {
    const withContact = can(actor, 'organization:update', { organizationId: organization._id.toHexString() });
    return toOrganizationView(organization, this.now(), withContact);
  }

  private async require(id: string): Promise<OrganizationRecord> {
    const organization = await this.repository.findById(id);
    if (!organization) throw new NotFoundError('组织不存在');
    return organization;
  }
}

/** Status, grade and qualification before and after; the contact is personal data and stays out. */
function auditedChange(before: OrganizationRecord, after: OrganizationRecord) {
  const pick = (o: OrganizationRecord) => ({
    status: o.status, grade: o.grade ?? null, fundraisingQualification: o.fundraisingQualification?.recordNumber ?? null,
    registeringAuthority: o.registeringAuthority,
  });
  return { before: pick(before), after: pick(after) };
}

function qualificationRecord(q: { recordNumber: string; validUntil?: string | undefined }) {
  return { recordNumber: q.recordNumber, ...(q.validUntil ? { validUntil: new Date(q.validUntil) } : {}) };
}

function toChange(input: UpdateOrganizationInput): OrganizationChange {
  const change: OrganizationChange = { set: {}, unset: [] };
  if (input.registeringAuthority !== undefined) change.set.registeringAuthority = input.registeringAuthority;
  if (input.contact !== undefined) change.set.contact = input.contact;
  if (input.status !== undefined) change.set.status = input.status;
  if (input.grade === null) change.unset.push('grade');
  else if (input.grade !== undefined) change.set.grade = input.grade;
  if (input.fundraisingQualification === null) change.unset.push('fundraisingQualification');
  else if (input.fundraisingQualification !== undefined) change.set.fundraisingQualification = qualificationRecord(input.fundraisingQualification);
  return change;
}
