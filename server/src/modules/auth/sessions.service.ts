import { randomUUID } from 'node:crypto';
import type { Actor, RefreshInput, TokenPair } from '@tongxin/shared';
import { NotFoundError, UnauthenticatedError } from '../../platform/errors';
import type { UserAccounts } from './auth.identity';
import type { RefreshTokenRecord, RefreshTokensRepository } from './auth.repository';
import { hashRefreshToken, newRefreshToken, type AccessTokens } from './auth.tokens';
import type { SessionRevocations } from './session-revocations';

const invalidRefreshToken = () => new UnauthenticatedError('REFRESH_TOKEN_INVALID');

/**
 * Sessions: a sign-in starts a family of rotating refresh tokens. Each refresh spends the presented
 * token and issues the next; presenting a spent token means two parties hold it, so the whole
 * family is revoked and both must sign in again.
 */
export class SessionsService {
  constructor(
    private readonly users: UserAccounts,
    private readonly accessTokens: AccessTokens,
    private readonly refreshTokens: RefreshTokensRepository,
    /** Refresh token lifetime, seconds. */
    private readonly refreshTtlSeconds: number,
    private readonly revocations: SessionRevocations,
    private readonly now: () => Date = () => new Date(),
  ) {}

  /** A new session for an existing user (seed scripts, tests, support tooling). */
  async issueTokens(userId: string): Promise<TokenPair> {
    const actor = await this.users.getActor(userId);
    if (!actor) throw new NotFoundError('用户不存在');
    return this.startSession(actor);
  }

  /** Called after a successful sign-in: a new refresh family. */
  startSession(actor: Actor): Promise<TokenPair> {
    return this.issuePair(actor, randomUUID());
  }

  async refresh({ refreshToken }: RefreshInput): Promise<TokenPair> {
    const token = await this.liveToken(refreshToken);
    if (!(await this.refreshTokens.claimUse(token, this.now()))) {
      await this.revokeFamily(token, 'reuse');
      throw invalidRefreshToken();
    }
    // Roles and scopes are read again, so a grant or a withdrawal reaches the next access token.
    const actor = await this.users.getActor(token.userId);
    if (!actor) throw invalidRefreshToken();
    return this.issuePair(actor, token.familyId);
  }

  /** Ends the session of this refresh token; unknown tokens are accepted silently (nothing to reveal). */
  async logout({ refreshToken }: RefreshInput): Promise<void> {
    const token = await this.refreshTokens.findByHash(hashRefreshToken(refreshToken));
    if (token) await this.revokeFamily(token, 'logout');
  }

  /** Sign out everywhere: every session of the user, on every device, ends now (sockets too). */
  async logoutEverywhere(userId: string, reason: 'logout-all' | 'admin' = 'logout-all'): Promise<void> {
    await this.revocations.revokeAll(userId, reason);
  }

  private async liveToken(presented: string): Promise<RefreshTokenRecord> {
    const token = await this.refreshTokens.findByHash(hashRefreshToken(presented));
    if (!token || token.expiresAt <= this.now()) throw invalidRefreshToken();
    if (await this.refreshTokens.isFamilyRevoked(token.familyId)) throw invalidRefreshToken();
    if (await this.revocations.isRefreshRevoked(token.userId, token.createdAt)) throw invalidRefreshToken();
    return token;
  }

  private async revokeFamily(token: RefreshTokenRecord, reason: 'logout' | 'reuse'): Promise<void> {
    await this.refreshTokens.revokeFamily({ _id: token.familyId, userId: token.userId, reason, revokedAt: this.now() });
  }

  private async issuePair(actor: Actor, familyId: string): Promise<TokenPair> {
    const refreshToken = newRefreshToken();
    const now = this.now();
    await this.refreshTokens.insert({
      _id: hashRefreshToken(refreshToken),
      userId: actor.userId,
      familyId,
      createdAt: now,
      expiresAt: new Date(now.getTime() + this.refreshTtlSeconds * 1000),
    });
    return {
      accessToken: this.accessTokens.sign(actor),
      accessTokenExpiresIn: this.accessTokens.ttlSeconds,
      refreshToken,
      refreshTokenExpiresIn: this.refreshTtlSeconds,
    };
  }
}
