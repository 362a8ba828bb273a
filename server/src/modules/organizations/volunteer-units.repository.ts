import mongoose, { Types, type Connection, type Model } from 'mongoose';
import type { MembershipStatus } from '@tongxin/shared';
import { insertOnce } from '../../platform/insert-once';
import {
  volunteerUnitModels, type InsurancePolicyRecord, type UnitAdminRecord, type UnitMembershipRecord, type VolunteerUnitRecord,
} from './volunteer-units.model';

export type { InsurancePolicyRecord, UnitMembershipRecord, VolunteerUnitRecord };

const pairId = (unitId: Types.ObjectId | string, userId: Types.ObjectId | string) => `${String(unitId)}:${String(userId)}`;

export class VolunteerUnitsRepository {
  private readonly units: Model<VolunteerUnitRecord>;
  private readonly admins: Model<UnitAdminRecord>;
  private readonly members: Model<UnitMembershipRecord>;
  private readonly insurance: Model<InsurancePolicyRecord>;

  constructor(connection: Connection) {
    ({ units: this.units, admins: this.admins, members: this.members, insurance: this.insurance } = volunteerUnitModels(connection));
  }

  async insertUnit(unit: VolunteerUnitRecord): Promise<void> {
    await this.units.create(unit);
  }

  async findUnit(id: string | Types.ObjectId): Promise<VolunteerUnitRecord | null> {
    if (typeof id === 'string' && !Types.ObjectId.isValid(id)) return null;
    return this.units.findById(id).lean<VolunteerUnitRecord>().exec();
  }

  async findUnits(ids: Types.ObjectId[]): Promise<VolunteerUnitRecord[]> {
    return Promise.all(ids.map((id) => this.findUnit(id))).then((units) => units.filter((u): u is VolunteerUnitRecord => u !== null));
  }

  async children(parentId: Types.ObjectId): Promise<VolunteerUnitRecord[]> {
    return this.units.find({ parentId }).sort({ _id: 1 }).lean<VolunteerUnitRecord[]>().exec();
  }

  /** False when the user already is an admin of the unit. */
  async appointAdmin(unitId: Types.ObjectId, userId: string, by: Types.ObjectId): Promise<boolean> {
    return insertOnce(this.admins, { _id: pairId(unitId, userId), appointedBy: by, at: new Date() });
  }

  async isAdmin(unitId: Types.ObjectId, userId: string): Promise<boolean> {
    return (await this.admins.findById(pairId(unitId, userId)).lean().exec()) !== null;
  }

  /** False when the volunteer already applied to (or belongs to) the unit. */
  async apply(unitId: Types.ObjectId, userId: Types.ObjectId): Promise<boolean> {
    return insertOnce(this.members, { _id: pairId(unitId, userId), unitId, userId, status: 'pending', appliedAt: new Date() });
  }

  async findMembership(unitId: string, userId: string): Promise<UnitMembershipRecord | null> {
    return this.members.findById(pairId(unitId, userId)).lean<UnitMembershipRecord>().exec();
  }

  /** Decides a pending application; null when it was decided meanwhile (two admins at once: the last writer wins on FerretDB). */
  async decide(unitId: string, userId: string, status: MembershipStatus, by: Types.ObjectId, note?: string): Promise<UnitMembershipRecord | null> {
    return this.members.findOneAndUpdate(
      { _id: pairId(unitId, userId), status: 'pending' },
      { $set: { status, decidedAt: new Date(), decidedBy: by, ...(note ? { note } : {}) } },
      { returnDocument: 'after' },
    ).lean<UnitMembershipRecord>().exec();
  }

  async membersOf(unitId: Types.ObjectId, status?: MembershipStatus): Promise<UnitMembershipRecord[]> {
    return this.members.find({ unitId, ...(status ? { status } : {}) }).sort({ appliedAt: 1 }).limit(500).lean<UnitMembershipRecord[]>().exec();
  }

  async membershipsOf(userId: Types.ObjectId): Promise<UnitMembershipRecord[]> {
    return this.members.find({ userId }).sort({ appliedAt: -1 }).lean<UnitMembershipRecord[]>().exec();
  }

  async insertPolicy(policy: InsurancePolicyRecord): Promise<void> {
    await this.insurance.create(policy);
  }

  /** Policies covering any of these shifts (a scan on FerretDB; a multikey index on MongoDB). */
  async policiesCovering(shiftIds: Types.ObjectId[]): Promise<InsurancePolicyRecord[]> {
    if (shiftIds.length === 0) return [];
    return this.insurance.find({ shiftIds: mongoose.trusted({ $in: shiftIds }) }).sort({ validFrom: -1 }).lean<InsurancePolicyRecord[]>().exec();
  }
}
