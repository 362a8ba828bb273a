import mongoose, { Types, type Connection, type Model } from 'mongoose';
import type { OrganizationStatus, OrganizationType } from '@tongxin/shared';
import { isDuplicateKeyError } from '../../platform/errors';
import { organizationModels, type CreditCodeClaimRecord, type OrganizationRecord } from './organizations.model';

export type { OrganizationRecord };

export type NewOrganization = Omit<OrganizationRecord, '_id' | 'status' | 'createdAt' | 'updatedAt'>;

export interface OrganizationFilter {
  type?: OrganizationType;
  status?: OrganizationStatus;
  /** Exclusive upper bound on `_id` (the page cursor). */
  before?: Types.ObjectId;
}

export interface OrganizationChange {
  set: Partial<Pick<OrganizationRecord, 'registeringAuthority' | 'fundraisingQualification' | 'grade' | 'contact' | 'status'>>;
  unset: Array<'fundraisingQualification' | 'grade'>;
}

const OBJECT_ID = /^[a-f0-9]{24}$/;

export class OrganizationsRepository {
  private readonly organizations: Model<OrganizationRecord>;
  private readonly creditCodes: Model<CreditCodeClaimRecord>;

  constructor(connection: Connection) {
    ({ organizations: this.organizations, creditCodes: this.creditCodes } = organizationModels(connection));
  }

  /**
   * Claims the credit code first (its `_id` is the code), then writes the organization under the
   * claimed id. Returns null when another organization holds the code. A crash between the two
   * writes leaves a claim without an organization; registering again completes it.
   */
  async insert(organization: NewOrganization): Promise<OrganizationRecord | null> {
    const id = await this.claimCreditCode(organization.creditCode, new Types.ObjectId());
    if (await this.findById(id)) return null;
    try {
      return (await this.organizations.create({ ...organization, _id: id, status: 'active' })).toObject();
    } catch (error) {
      if (isDuplicateKeyError(error)) return null;
      throw error;
    }
  }

  async findById(id: string | Types.ObjectId): Promise<OrganizationRecord | null> {
    if (typeof id === 'string' && !OBJECT_ID.test(id)) return null;
    return this.organizations.findById(id).lean<OrganizationRecord>().exec();
  }

  async list(filter: OrganizationFilter, limit: number): Promise<OrganizationRecord[]> {
    const query: Record<string, unknown> = {};
    if (filter.type) query.type = filter.type;
    if (filter.status) query.status = filter.status;
    if (filter.before) query._id = mongoose.trusted({ $lt: filter.before });
    return this.organizations.find(query).sort({ _id: -1 }).limit(limit).lean<OrganizationRecord[]>().exec();
  }

  async update(id: Types.ObjectId, change: OrganizationChange): Promise<OrganizationRecord | null> {
    const update: Record<string, unknown> = {};
    if (Object.keys(change.set).length > 0) update.$set = change.set;
    if (change.unset.length > 0) update.$unset = Object.fromEntries(change.unset.map((field) => [field, 1]));
    if (Object.keys(update).length === 0) return this.findById(id);
    return this.organizations.findOneAndUpdate({ _id: id }, update, { returnDocument: 'after' }).lean<OrganizationRecord>().exec();
  }

  private async claimCreditCode(code: string, candidate: Types.ObjectId): Promise<Types.ObjectId> {
    try {
      await this.creditCodes.create({ _id: code, organizationId: candidate, createdAt: new Date() });
      return candidate;
    } catch (error) {
      if (!isDuplicateKeyError(error)) throw error;
      const claim = await this.creditCodes.findById(code).lean<CreditCodeClaimRecord>().exec();
      if (!claim) throw error;
      return claim.organizationId;
    }
  }
}
