import { createHmac, timingSafeEqual } from 'node:crypto';
import type { CheckInCodeView } from '@tongxin/shared';

/**
 * Rotating check-in codes: `<window>.<HMAC(shiftId, window)>`, where a window is
 * `windowSeconds` long. The code of the current and the previous window is accepted (a scan near
 * the turn of a window still works); anything older is expired, so a photo sent home goes stale.
 */
export class CheckInCodes {
  constructor(
    private readonly secret: string,
    private readonly windowSeconds: number,
  ) {}

  issue(shiftId: string, now: Date): CheckInCodeView {
    const window = this.windowOf(now);
    const endsAtMs = (window + 1) * this.windowSeconds * 1000;
    return {
      code: `${window}.${this.sign(shiftId, window)}`,
      // Accepted through the next window as well.
      expiresAt: new Date(endsAtMs + this.windowSeconds * 1000).toISOString(),
      refreshInSeconds: Math.max(1, Math.ceil((endsAtMs - now.getTime()) / 1000)),
    };
  }

  verify(shiftId: string, code: string, now: Date): boolean {
    const [windowText, signature] = code.split('.');
    const window = Number(windowText);
    const current = this.windowOf(now);
    if (!signature || !Number.isSafeInteger(window) || window > current || window < current - 1) return false;
    const expected = Buffer.from(this.sign(shiftId, window));
    const given = Buffer.from(signature);
    return expected.length === given.length && timingSafeEqual(expected, given);
  }

  private windowOf(now: Date): number {
    return Math.floor(now.getTime() / 1000 / this.windowSeconds);
  }

  private sign(shiftId: string, window: number): string {
    return createHmac('sha256', this.secret).update(`checkin:${shiftId}:${window}`).digest('base64url').slice(0, 22);
  }
}
