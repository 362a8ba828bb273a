import { Schema, type Connection, type Model } from 'mongoose';
import { modelOf } from '../../platform/db';

/**
 * Refresh sessions are written and read by `_id` only, never updated: on FerretDB every update and
 * every filter other than `{_id}` scans the whole collection, while an insert is atomic and cheap.
 * So "used" and "revoked" are facts inserted into collections of their own, keyed by what they mark.
 */

/** One issued refresh token; immutable. */
export interface RefreshTokenRecord {
  /** SHA-256 of the token (hex); the token itself is never stored. */
  _id: string;
  userId: string;
  /** Every token rotated from one sign-in shares it; reuse of any of them revokes them all. */
  familyId: string;
  expiresAt: Date;
  createdAt: Date;
}

/** Marks a refresh token as spent; inserting it is the atomic claim (duplicate key = reuse). */
export interface RefreshTokenUseRecord {
  /** The spent token's hash. */
  _id: string;
  familyId: string;
  usedAt: Date;
}

/** A revoked family: logout or detected reuse. */
export interface RevokedFamilyRecord {
  /** The family id. */
  _id: string;
  userId: string;
  reason: 'logout' | 'reuse';
  revokedAt: Date;
}

/**
 * Every session of a user started before `revokedBefore` is over (sign out everywhere, an admin
 * suspending an account). One document per user, moved forward with `$max`, read by `_id`.
 */
export interface UserRevocationRecord {
  /** The user id. */
  _id: string;
  revokedBefore: Date;
  reason: 'logout-all' | 'admin';
}

const refreshTokenSchema = new Schema<RefreshTokenRecord>(
  {
    _id: { type: String, required: true },
    userId: { type: String, required: true },
    familyId: { type: String, required: true },
    expiresAt: { type: Date, required: true },
    createdAt: { type: Date, required: true },
  },
  { strict: 'throw', versionKey: false, collection: 'refresh_tokens' },
);

const refreshTokenUseSchema = new Schema<RefreshTokenUseRecord>(
  {
    _id: { type: String, required: true },
    familyId: { type: String, required: true },
    usedAt: { type: Date, required: true },
  },
  { strict: 'throw', versionKey: false, collection: 'refresh_token_uses' },
);

const revokedFamilySchema = new Schema<RevokedFamilyRecord>(
  {
    _id: { type: String, required: true },
    userId: { type: String, required: true },
    reason: { type: String, required: true, enum: ['logout', 'reuse'] },
    revokedAt: { type: Date, required: true },
  },
  { strict: 'throw', versionKey: false, collection: 'refresh_families_revoked' },
);

const userRevocationSchema = new Schema<UserRevocationRecord>(
  {
    _id: { type: String, required: true },
    revokedBefore: { type: Date, required: true },
    reason: { type: String, required: true, enum: ['logout-all', 'admin'] },
  },
  { strict: 'throw', versionKey: false, collection: 'user_session_revocations' },
);

// No TTL index on `expiresAt`: FerretDB 1.24 rejects `expireAfterSeconds`, which would fail
// `ensureIndexes` at start-up. Expired records are harmless (checked on read) until a purge job exists.

export interface AuthModels {
  refreshTokens: Model<RefreshTokenRecord>;
  refreshTokenUses: Model<RefreshTokenUseRecord>;
  revokedFamilies: Model<RevokedFamilyRecord>;
  userRevocations: Model<UserRevocationRecord>;
}

export function authModels(connection: Connection): AuthModels {
  return {
    refreshTokens: modelOf(connection, 'RefreshToken', refreshTokenSchema),
    refreshTokenUses: modelOf(connection, 'RefreshTokenUse', refreshTokenUseSchema),
    revokedFamilies: modelOf(connection, 'RevokedRefreshFamily', revokedFamilySchema),
    userRevocations: modelOf(connection, 'UserSessionRevocation', userRevocationSchema),
  };
}
