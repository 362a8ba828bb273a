import type { KeyObject } from 'node:crypto';
import jwt from 'jsonwebtoken';
import { UnauthenticatedError } from '../../platform/errors';
import { hmacKeyOf } from '../../platform/hmac-key';

export const BOARD_COOKIE = 'tx_queue_board';
/** Ten minutes: long enough to look into a failure, short enough that a leaked cookie soon dies. */
export const BOARD_SESSION_SECONDS = 600;
const TYP = 'queue-board';

function cookieValue(header: string | undefined, name: string): string | undefined {
  for (const part of (header ?? '').split(';')) {
    const [key, ...rest] = part.trim().split('=');
    if (key === name) return rest.join('=');
  }
  return undefined;
}

/** The board's own session: an HS256 token of its own type, so an access token cannot stand in for it. */
export class BoardSessions {
  private readonly key: KeyObject;

  constructor(secret: string) {
    this.key = hmacKeyOf(secret);
  }

  issue(userId: string): string {
    return jwt.sign({ typ: TYP }, this.key, { subject: userId, expiresIn: BOARD_SESSION_SECONDS, algorithm: 'HS256' });
  }

  /** The user id in a valid board cookie; 401 when missing, forged, expired or of another type. */
  verify(cookieHeader: string | undefined): string {
    const token = cookieValue(cookieHeader, BOARD_COOKIE);
    if (!token) throw new UnauthenticatedError();
    try {
      const payload = jwt.verify(token, this.key, { algorithms: ['HS256'] });
      if (typeof payload === 'string' || payload.typ !== TYP || !payload.sub) throw new Error('not a board session');
      return payload.sub;
    } catch {
      throw new UnauthenticatedError();
    }
  }
}
