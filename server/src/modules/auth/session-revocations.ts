import { rooms } from '@tongxin/shared';
import type { Logger } from '../../platform/logger';
import type { Notifier } from '../../platform/notifier';
import type { Redis } from '../../platform/redis';
import { ReplicaChannel } from '../../platform/replica-channel';
import type { UserRevocationRecord } from './auth.model';
import type { RefreshTokensRepository } from './auth.repository';

interface Revocation {
  userId: string;
  revokedBeforeMs: number;
}

/**
 * "Sign out everywhere": every session a user started before a moment ends at once, on every replica.
 *
 * Access tokens are checked without a lookup, so each API process keeps the recent revocations in
 * memory: only those younger than an access token's lifetime matter, since older tokens have expired
 * anyway. They reach every replica over pub/sub, and a Redis sorted set (user → moment) lets a
 * replica that starts or reconnects read what it missed. The store keeps the cut-off per user for
 * refresh tokens, which live for weeks. Open sockets of the user are disconnected through the
 * Socket.IO adapter, so the next handshake meets the same check.
 */
export class SessionRevocations {
  private readonly revokedBefore = new Map<string, number>();
  private readonly channel: ReplicaChannel<Revocation>;
  private readonly recentKey: string;

  constructor(
    private readonly deps: {
      redis: Redis;
      keyPrefix: string;
      store: RefreshTokensRepository;
      notifier: Notifier;
      accessTokenTtlSeconds: number;
      logger: Logger;
      now?: () => Date;
    },
  ) {
    this.channel = new ReplicaChannel<Revocation>(deps.redis, `${deps.keyPrefix}:revocations`, deps.logger);
    this.recentKey = `${deps.keyPrefix}:revoked-before`;
  }

  /** Loads the recent revocations and follows new ones; the API calls it before serving. */
  async start(): Promise<void> {
    await this.channel.start(
      (revocation) => this.apply(revocation),
      () => void this.loadRecent().catch((err: unknown) => this.deps.logger.warn({ err }, 'recent revocations not reloaded')),
    );
    await this.loadRecent();
  }

  async close(): Promise<void> {
    await this.channel.close();
  }

  /** True when the access token issued at `issuedAtMs` belongs to a revoked session. */
  isRevoked(userId: string, issuedAtMs: number): boolean {
    const cutOff = this.revokedBefore.get(userId);
    return cutOff !== undefined && issuedAtMs < cutOff;
  }

  /** True when a refresh token created at `createdAt` belongs to a revoked session (read from the store). */
  async isRefreshRevoked(userId: string, createdAt: Date): Promise<boolean> {
    const cutOff = await this.deps.store.userSessionsRevokedBefore(userId);
    return cutOff !== null && createdAt < cutOff;
  }

  /**
   * Ends every session of the user started before now. The store first: once it holds the cut-off no
   * refresh can outlive it; a Redis failure after that answers 503 and a retry completes the rest.
   */
  async revokeAll(userId: string, reason: UserRevocationRecord['reason']): Promise<void> {
    const now = this.now().getTime();
    await this.deps.store.revokeUserSessions(userId, new Date(now), reason);
    const revocation = { userId, revokedBeforeMs: now };
    await this.deps.redis
      .multi()
      .zadd(this.recentKey, 'GT', now, userId)
      .zremrangebyscore(this.recentKey, '-inf', now - this.deps.accessTokenTtlSeconds * 1000)
      .exec();
    this.apply(revocation);
    await this.channel.publish(revocation);
    this.deps.notifier.disconnectSockets(rooms.user(userId));
  }

  private async loadRecent(): Promise<void> {
    const since = this.now().getTime() - this.deps.accessTokenTtlSeconds * 1000;
    const entries = await this.deps.redis.zrangebyscore(this.recentKey, since, '+inf', 'WITHSCORES');
    for (let i = 0; i < entries.length; i += 2) this.apply({ userId: entries[i]!, revokedBeforeMs: Number(entries[i + 1]) });
  }

  private apply({ userId, revokedBeforeMs }: Revocation): void {
    const known = this.revokedBefore.get(userId) ?? 0;
    if (revokedBeforeMs > known) this.revokedBefore.set(userId, revokedBeforeMs);
    this.forgetExpired();
  }

  /** Entries older than an access token's lifetime can no longer match a live token. */
  private forgetExpired(): void {
    const horizon = this.now().getTime() - this.deps.accessTokenTtlSeconds * 1000;
    for (const [userId, cutOff] of this.revokedBefore) if (cutOff < horizon) this.revokedBefore.delete(userId);
  }

  private now(): Date {
    return (this.deps.now ?? (() => new Date()))();
  }
}
