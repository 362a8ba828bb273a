import mongoose, { type Connection } from 'mongoose';
import { insertOnce } from '../../platform/insert-once';
import { authModels, type AuthModels, type RefreshTokenRecord, type RevokedFamilyRecord, type UserRevocationRecord } from './auth.model';

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
    return insertOnce(this.models.refreshTokenUses, { _id: token._id, familyId: token.familyId, usedAt });
  }

  /** Idempotent: the first revocation of a family is kept, later ones are no-ops. */
  async revokeFamily(revocation: RevokedFamilyRecord): Promise<void> {
    await insertOnce(this.models.revokedFamilies, revocation);
  }

  /**
   * Deletes sessions that can no longer be used: tokens past their expiry, and use and revocation
   * marks old enough that every token they concern has expired. A scan on FerretDB; a nightly job.
   */
  async purgeExpired(now: Date, refreshTtlSeconds: number): Promise<{ tokens: number; uses: number; revocations: number }> {
    const longAgo = new Date(now.getTime() - refreshTtlSeconds * 1000);
    const [tokens, uses, revocations] = await Promise.all([
      this.models.refreshTokens.deleteMany({ expiresAt: mongoose.trusted({ $lt: now }) }).exec(),
      this.models.refreshTokenUses.deleteMany({ usedAt: mongoose.trusted({ $lt: longAgo }) }).exec(),
      this.models.revokedFamilies.deleteMany({ revokedAt: mongoose.trusted({ $lt: longAgo }) }).exec(),
    ]);
    return { tokens: tokens.deletedCount, uses: uses.deletedCount, revocations: revocations.deletedCount };
  }

  /** Moves the user's cut-off forward (never back: `$max`), so sessions started before `at` end. */
  async revokeUserSessions(userId: string, at: Date, reason: UserRevocationRecord['reason']): Promise<void> {
    await this.models.userRevocations
      .updateOne({ _id: userId }, { $max: { revokedBefore: at }, $set: { reason } }, { upsert: true })
      .exec();
  }

  async userSessionsRevokedBefore(userId: string): Promise<Date | null> {
    const record = await this.models.userRevocations.findById(userId).lean<UserRevocationRecord>().exec();
    return record?.revokedBefore ?? null;
  }

  async isFamilyRevoked(familyId: string): Promise<boolean> {
    return (await this.models.revokedFamilies.findById(familyId).select({ _id: 1 }).lean().exec()) !== null;
  }
}
