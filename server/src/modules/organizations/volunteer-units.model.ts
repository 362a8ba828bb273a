import { Schema, Types, type Connection } from 'mongoose';
import type { MembershipStatus, VolunteerUnitKind } from '@tongxin/shared';
import { modelOf } from '../../platform/db';

/** A volunteer service organization or team in the four-level network (city → district → street → community). */
export interface VolunteerUnitRecord {
  _id: Types.ObjectId;
  name: string;
  kind: VolunteerUnitKind;
  regionCode: string;
  parentId?: Types.ObjectId;
  /** Ancestors from the root down, so "an admin of any ancestor" is a few `_id` reads. */
  ancestors: Types.ObjectId[];
  organizationId?: Types.ObjectId;
  createdBy: Types.ObjectId;
  createdAt: Date;
}

/** An appointed admin: `_id` is `<unitId>:<userId>`, so appointing twice is a duplicate key and checking is an `_id` read. */
export interface UnitAdminRecord {
  _id: string;
  appointedBy: Types.ObjectId;
  at: Date;
}

/** A volunteer's application and membership: `_id` is `<unitId>:<userId>` (one per unit; several units per volunteer). */
export interface UnitMembershipRecord {
  _id: string;
  unitId: Types.ObjectId;
  userId: Types.ObjectId;
  status: MembershipStatus;
  appliedAt: Date;
  decidedAt?: Date;
  decidedBy?: Types.ObjectId;
  note?: string;
}

/** Insurance an organization bought for volunteers on some shifts of a need; never changed once recorded. */
export interface InsurancePolicyRecord {
  _id: Types.ObjectId;
  unitId: Types.ObjectId;
  insurer: string;
  policyNumber: string;
  needId: Types.ObjectId;
  shiftIds: Types.ObjectId[];
  coverage?: string;
  validFrom: Date;
  validUntil: Date;
  recordedBy: Types.ObjectId;
  createdAt: Date;
}

const unitSchema = new Schema<VolunteerUnitRecord>({
  name: { type: String, required: true },
  kind: { type: String, required: true },
  regionCode: { type: String, required: true },
  parentId: Schema.Types.ObjectId,
  ancestors: { type: [Schema.Types.ObjectId], default: [] },
  organizationId: Schema.Types.ObjectId,
  createdBy: { type: Schema.Types.ObjectId, required: true },
  createdAt: { type: Date, required: true },
}, { strict: 'throw', versionKey: false, collection: 'volunteer_units' });
// Children of a unit.
unitSchema.index({ parentId: 1 });

const adminSchema = new Schema<UnitAdminRecord>({
  _id: { type: String, required: true },
  appointedBy: { type: Schema.Types.ObjectId, required: true },
  at: { type: Date, required: true },
}, { strict: 'throw', versionKey: false, collection: 'volunteer_unit_admins' });

const membershipSchema = new Schema<UnitMembershipRecord>({
  _id: { type: String, required: true },
  unitId: { type: Schema.Types.ObjectId, required: true },
  userId: { type: Schema.Types.ObjectId, required: true },
  status: { type: String, required: true },
  appliedAt: { type: Date, required: true },
  decidedAt: Date,
  decidedBy: Schema.Types.ObjectId,
  note: String,
}, { strict: 'throw', versionKey: false, collection: 'volunteer_unit_members' });
// A unit's members, and a volunteer's units.
membershipSchema.index({ unitId: 1, status: 1 });
membershipSchema.index({ userId: 1 });

const insuranceSchema = new Schema<InsurancePolicyRecord>({
  unitId: { type: Schema.Types.ObjectId, required: true },
  insurer: { type: String, required: true },
  policyNumber: { type: String, required: true },
  needId: { type: Schema.Types.ObjectId, required: true },
  shiftIds: { type: [Schema.Types.ObjectId], required: true },
  coverage: String,
  validFrom: { type: Date, required: true },
  validUntil: { type: Date, required: true },
  recordedBy: { type: Schema.Types.ObjectId, required: true },
  createdAt: { type: Date, required: true },
}, { strict: 'throw', versionKey: false, collection: 'volunteer_insurance' });
// Policies covering a shift (a volunteer's view asks by the shifts they signed up for).
insuranceSchema.index({ shiftIds: 1 });

export function volunteerUnitModels(connection: Connection) {
  return {
    units: modelOf(connection, 'VolunteerUnit', unitSchema),
    admins: modelOf(connection, 'VolunteerUnitAdmin', adminSchema),
    members: modelOf(connection, 'VolunteerUnitMember', membershipSchema),
    insurance: modelOf(connection, 'VolunteerInsurance', insuranceSchema),
  };
}
