import { createHash, randomBytes, type KeyObject } from 'node:crypto';
import jwt from 'jsonwebtoken';
import { ROLES, z, type Actor } from '@tongxin/shared';
import { UnauthenticatedError } from '../../platform/errors';
import { hmacKeyOf } from '../../platform/hmac-key';

const ALGORITHM = 'HS256';

// Checked after the signature, so a token signed with a leaked key of another app, or a refresh
// token passed as an access token, still cannot become an actor with made-up roles.
const accessClaimsSchema = z.object({
  sub: z.string().min(1),
  iat: z.number(),
  typ: z.literal('access'),
  roles: z.array(z.enum(ROLES)),
  scopes: z.object({
    communityCode: z.string().optional(),
    organizationId: z.string().optional(),
    districtCode: z.string().optional(),
    mealPointId: z.string().optional(),
  }),
});

/** Tells whether a user's sessions begun before some moment were revoked (see SessionRevocations). */
export type RevocationCheck = (userId: string, issuedAtMs: number) => boolean;

/**
 * Short-lived JWTs (HS256) carrying the actor, so every request and socket is authorized without a
 * lookup; only the in-memory revocation check runs besides the signature.
 */
export class AccessTokens {
  private readonly key: KeyObject;

  constructor(
    secret: string,
    /** Lifetime in seconds. */
    readonly ttlSeconds: number,
    private readonly isRevoked: RevocationCheck = () => false,
  ) {
    this.key = hmacKeyOf(secret);
  }

  sign(actor: Actor, now = Date.now()): string {
    // `iat` to the millisecond (RFC 7519 allows fractional NumericDates): a session started in the
    // same second as a "sign out everywhere", but after it, must stay valid.
    return jwt.sign({ typ: 'access', roles: actor.roles, scopes: actor.scopes, iat: now / 1000 }, this.key, {
      algorithm: ALGORITHM,
      expiresIn: this.ttlSeconds,
      subject: actor.userId,
    });
  }

  /** The actor of a valid token; TOKEN_EXPIRED tells the client to refresh, anything else to sign in. */
  verify(token: string): Actor {
    let payload: unknown;
    try {
      payload = jwt.verify(token, this.key, { algorithms: [ALGORITHM] });
    } catch (error) {
      throw new UnauthenticatedError(error instanceof jwt.TokenExpiredError ? 'TOKEN_EXPIRED' : 'UNAUTHENTICATED');
    }
    const claims = accessClaimsSchema.safeParse(payload);
    if (!claims.success) throw new UnauthenticatedError();
    if (this.isRevoked(claims.data.sub, claims.data.iat * 1000)) throw new UnauthenticatedError('SESSION_REVOKED');
    return { userId: claims.data.sub, roles: claims.data.roles, scopes: claims.data.scopes };
  }
}

/** An opaque refresh token: 32 random bytes, base64url (43 characters). */
export function newRefreshToken(): string {
  return randomBytes(32).toString('base64url');
}

/**
 * How a refresh token is stored and looked up. A plain SHA-256 is enough: the token has 256 bits of
 * entropy, so unlike a phone number or an SMS code it cannot be found by enumeration.
 */
export function hashRefreshToken(token: string): string {
  return createHash('sha256').update(token).digest('hex');
}
