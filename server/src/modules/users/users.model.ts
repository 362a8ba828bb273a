import { Schema, Types, type Connection, type Model } from 'mongoose';
import { ROLES, type Role, type Scopes } from '@tongxin/shared';

export interface UserRecord {
  _id: Types.ObjectId;
  displayName: string;
  roles: Role[];
  scopes: Scopes;
  /** HMAC-SHA256 of the phone number with the PII key; the number itself is never stored. */
  phoneHash?: string;
  /** e.g. "138****5678", for display. */
  phoneMasked?: string;
  createdAt: Date;
  updatedAt: Date;
}

/**
 * A sign-in identity pointing at its account. Its `_id` is the identity itself, so looking a user up
 * at sign-in is a read by `_id` (the only filter FerretDB pushes down) and uniqueness is enforced
 * by the insert, without a unique index or a transaction.
 */
export interface UserIdentityRecord {
  /** `wx:<openid>` or `phone:<phone hash>`. */
  _id: string;
  userId: Types.ObjectId;
  createdAt: Date;
}

const scopesSchema = new Schema<Scopes>(
  {
    communityCode: { type: String },
    organizationId: { type: String },
    districtCode: { type: String },
    mealPointId: { type: String },
  },
  { _id: false, strict: 'throw' },
);

const userSchema = new Schema<UserRecord>(
  {
    displayName: { type: String, required: true, maxlength: 40 },
    roles: { type: [{ type: String, enum: ROLES }], default: [] },
    scopes: { type: scopesSchema, default: () => ({}) },
    phoneHash: { type: String },
    phoneMasked: { type: String },
  },
  { timestamps: true, strict: 'throw', versionKey: false, collection: 'users' },
);

// Gap alerts look up the admins responsible for a district (indexed on MongoDB; a scan on FerretDB, every 15 minutes).
userSchema.index({ roles: 1, 'scopes.districtCode': 1 });

const userIdentitySchema = new Schema<UserIdentityRecord>(
  {
    _id: { type: String, required: true },
    userId: { type: Schema.Types.ObjectId, required: true },
    createdAt: { type: Date, required: true },
  },
  { strict: 'throw', versionKey: false, collection: 'user_identities' },
);

export function userModel(connection: Connection): Model<UserRecord> {
  return (connection.models.User as Model<UserRecord> | undefined) ?? connection.model<UserRecord>('User', userSchema);
}

export function userIdentityModel(connection: Connection): Model<UserIdentityRecord> {
  return (connection.models.UserIdentity as Model<UserIdentityRecord> | undefined)
    ?? connection.model<UserIdentityRecord>('UserIdentity', userIdentitySchema);
}
