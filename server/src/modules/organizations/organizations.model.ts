import { Schema, Types, type Connection } from 'mongoose';
import type { OrganizationGrade, OrganizationStatus, OrganizationType } from '@tongxin/shared';
import { modelOf } from '../../platform/db';

export interface OrganizationRecord {
  _id: Types.ObjectId;
  name: string;
  creditCode: string;
  type: OrganizationType;
  registeringAuthority: string;
  fundraisingQualification?: { recordNumber: string; validUntil?: Date };
  grade?: OrganizationGrade;
  contact: { name: string; phone: string };
  status: OrganizationStatus;
  createdBy: Types.ObjectId;
  createdAt: Date;
  updatedAt: Date;
}

/** A claimed credit code: `_id` is the code, so a second registration is a duplicate key. */
export interface CreditCodeClaimRecord {
  _id: string;
  organizationId: Types.ObjectId;
  createdAt: Date;
}

const organizationSchema = new Schema<OrganizationRecord>(
  {
    name: { type: String, required: true },
    creditCode: { type: String, required: true },
    type: { type: String, required: true },
    registeringAuthority: { type: String, required: true },
    fundraisingQualification: {
      type: new Schema({ recordNumber: { type: String, required: true }, validUntil: Date }, { _id: false, strict: 'throw' }),
      required: false,
    },
    grade: { type: String },
    contact: { type: new Schema({ name: String, phone: String }, { _id: false, strict: 'throw' }), required: true },
    status: { type: String, required: true, default: 'active' },
    createdBy: { type: Schema.Types.ObjectId, required: true },
  },
  { timestamps: true, strict: 'throw', versionKey: false, collection: 'organizations' },
);

// The registry by type and status, newest first.
organizationSchema.index({ status: 1, type: 1, _id: -1 });

const creditCodeClaimSchema = new Schema<CreditCodeClaimRecord>(
  {
    _id: { type: String, required: true },
    organizationId: { type: Schema.Types.ObjectId, required: true },
    createdAt: { type: Date, required: true },
  },
  { strict: 'throw', versionKey: false, collection: 'organization_credit_codes' },
);

export function organizationModels(connection: Connection) {
  return {
    organizations: modelOf(connection, 'Organization', organizationSchema),
    creditCodes: modelOf(connection, 'OrganizationCreditCode', creditCodeClaimSchema),
  };
}
