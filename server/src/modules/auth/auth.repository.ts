import type { Connection } from 'mongoose';
import { isDuplicateKeyError } from '../../platform/errors';
import { authModels, type AuthModels, type RefreshTokenRecord, type RevokedFamilyRecord } from './auth.model';

export type { RefreshTokenRecord };

/** Refresh sessions; every operation is an insert or a read by `_id` (see auth.model.ts). */
export class RefreshTokensRepository {
  private readonly models: AuthModels;

  constructor(connection: Connection) {
    this.models = authModels(connection);
  }

  async insert(token: RefreshTokenRecord): Promise<void> {
    await this.models.refreshTokens.create(token);
  }

  async findByHash(tokenHash: string): Promise<RefreshTokenRecord | null> {
    return this.models.refreshTokens.findById(tokenHash).lean<RefreshTokenRecord>().exec();
  }

  /** Spends a token once: true for the first caller, false for every later one (reuse). */
  async claimUse(token: RefreshTokenRecord, usedAt: Date): Promise<boolean> {
    try {
      await this.models.refreshTokenUses.create({ _id: token._id, familyId: token.familyId, usedAt });
      return true;
    } catch (error) {
      if (isDuplicateKeyError(error)) return false;
      throw error;
    }
  }

  /** Idempotent: the first revocation of a family is kept, later ones are no-ops. */
  async revokeFamily(revocation: RevokedFamilyRecord): Promise<void> {
    try {
      await this.models.revokedFamilies.create(revocation);
    } catch (error) {
      if (!isDuplicateKeyError(error)) throw error;
    }
  }

  async isFamilyRevoked(familyId: string): Promise<boolean> {
    return (await this.models.revokedFamilies.findById(familyId).select({ _id: 1 }).lean().exec()) !== null;
  }
}
