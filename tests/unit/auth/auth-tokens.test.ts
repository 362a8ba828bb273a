import { createHash } from 'node:crypto';
import jwt from 'jsonwebtoken';
import type { Actor } from '@tongxin/shared';
import { AccessTokens, hashRefreshToken, newRefreshToken } from '../../../server/src/modules/auth/auth.tokens';
import { AppError } from '../../../server/src/platform/errors';

const SECRET = 'unit-test-jwt-secret-0123456789abcdef';
const actor: Actor = { userId: '0123456789abcdef01234567', roles: ['community_staff', 'volunteer'], scopes: { communityCode: '510104001001' } };

function codeOf(fn: () => unknown): string | undefined {
  try {
    fn();
    return undefined;
  } catch (error) {
    return error instanceof AppError ? error.code : 'not an AppError';
  }
}

describe('AccessTokens', () => {
  const tokens = new AccessTokens(SECRET, 900);

  it('when signed, then an HS256 JWT with sub, roles, scopes, typ access and the configured lifetime', () => {
    const token = tokens.sign(actor);
    const { header, payload } = jwt.decode(token, { complete: true }) as jwt.Jwt & { payload: jwt.JwtPayload };
    expect(header.alg).toBe('HS256');
    expect(payload).toMatchObject({ sub: actor.userId, roles: actor.roles, scopes: actor.scopes, typ: 'access' });
    expect(payload.exp! - payload.iat!).toBeCloseTo(900, 3);
  });

  it('when a signed token is verified, then the same actor comes back', () => {
    expect(tokens.verify(tokens.sign(actor))).toEqual(actor);
  });

  it('when the token has expired, then TOKEN_EXPIRED', () => {
    const expired = jwt.sign({ typ: 'access', roles: [], scopes: {}, sub: actor.userId, exp: Math.floor(Date.now() / 1000) - 1 }, SECRET);
    expect(codeOf(() => tokens.verify(expired))).toBe('TOKEN_EXPIRED');
  });

  it('when the token is signed with another key, unsigned, or garbage, then UNAUTHENTICATED', () => {
    const claims = { typ: 'access', roles: ['city_admin'], scopes: {}, sub: actor.userId };
    expect(codeOf(() => tokens.verify(jwt.sign(claims, `${SECRET}-other`)))).toBe('UNAUTHENTICATED');
    expect(codeOf(() => tokens.verify(jwt.sign(claims, null, { algorithm: 'none' })))).toBe('UNAUTHENTICATED');
    expect(codeOf(() => tokens.verify('not.a.jwt'))).toBe('UNAUTHENTICATED');
  });

  it('when validly signed claims are not an access token or name an unknown role, then UNAUTHENTICATED', () => {
    expect(codeOf(() => tokens.verify(jwt.sign({ typ: 'refresh', roles: [], scopes: {}, sub: 'u' }, SECRET)))).toBe('UNAUTHENTICATED');
    expect(codeOf(() => tokens.verify(jwt.sign({ typ: 'access', roles: ['root'], scopes: {}, sub: 'u' }, SECRET)))).toBe('UNAUTHENTICATED');
    expect(codeOf(() => tokens.verify(jwt.sign({ typ: 'access', roles: [], scopes: {} }, SECRET)))).toBe('UNAUTHENTICATED');
  });
});

describe('AccessTokens with a revocation check', () => {
  // Half a second into the current second, so "same second, before" and "same second, after" both exist.
  const cutOffMs = Math.floor(Date.now() / 1000) * 1000 + 500;
  const tokens = new AccessTokens(SECRET, 900, (userId, issuedAtMs) => userId === actor.userId && issuedAtMs < cutOffMs);

  it('when the token was issued before the cut-off, even in the same second, then SESSION_REVOKED', () => {
    expect(codeOf(() => tokens.verify(tokens.sign(actor, cutOffMs - 300)))).toBe('SESSION_REVOKED');
  });

  it('when the token was issued after the cut-off in the same second, or for another user, then it is accepted', () => {
    expect(tokens.verify(tokens.sign(actor, cutOffMs + 200))).toEqual(actor);
    const other = { ...actor, userId: 'fedcba9876543210fedcba98' };
    expect(tokens.verify(tokens.sign(other, cutOffMs - 300))).toEqual(other);
  });
});

describe('refresh tokens', () => {
  it('when created, then 43 base64url characters (32 random bytes), never repeating', () => {
    const made = new Set(Array.from({ length: 1000 }, newRefreshToken));
    expect(made.size).toBe(1000);
    for (const token of made) expect(token).toMatch(/^[A-Za-z0-9_-]{43}$/);
  });

  it('when hashed, then the hex SHA-256 of the token', () => {
    const token = newRefreshToken();
    expect(hashRefreshToken(token)).toBe(createHash('sha256').update(token).digest('hex'));
  });
});
