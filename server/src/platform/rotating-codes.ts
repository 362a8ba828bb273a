import { createHmac, timingSafeEqual } from 'node:crypto';

/** A code to show as a QR: valid until `expiresAt`, to be fetched again after `refreshInSeconds`. */
export interface RotatingCode {
  code: string;
  expiresAt: string;
  refreshInSeconds: number;
}

/**
 * Rotating codes: `<window>.<HMAC(purpose, subject, window)>`, where a window is `windowSeconds`
 * long. The code of the current and the previous window is accepted (a scan near the turn of a
 * window still works); anything older is expired, so a photo sent home goes stale. `purpose`
 * separates uses that share a secret (a shift's check-in code never opens a meal pickup).
 */
export class RotatingCodes {
  constructor(
    private readonly secret: string,
    private readonly windowSeconds: number,
    private readonly purpose: string,
  ) {}

  issue(subject: string, now: Date): RotatingCode {
    const window = this.windowOf(now);
    const endsAtMs = (window + 1) * this.windowSeconds * 1000;
    return {
      code: `${window}.${this.sign(subject, window)}`,
      // Accepted through the next window as well.
      expiresAt: new Date(endsAtMs + this.windowSeconds * 1000).toISOString(),
      refreshInSeconds: Math.max(1, Math.ceil((endsAtMs - now.getTime()) / 1000)),
    };
  }

  verify(subject: string, code: string, now: Date): boolean {
    const [windowText, signature] = code.split('.');
    const window = Number(windowText);
    const current = this.windowOf(now);
    if (!signature || !Number.isSafeInteger(window) || window > current || window < current - 1) return false;
    const expected = Buffer.from(this.sign(subject, window));
    const given = Buffer.from(signature);
    return expected.length === given.length && timingSafeEqual(expected, given);
  }

  /**
   * The start of the window a genuine code was shown in, however long ago, or null for a forged or
   * altered code. For proofs submitted later (offline check-in): the code dates the moment, the
   * caller decides which moments it accepts.
   */
  shownAt(subject: string, code: string): Date | null {
    const [windowText, signature] = code.split('.');
    const window = Number(windowText);
    if (!signature || !Number.isSafeInteger(window) || window < 0) return null;
    const expected = Buffer.from(this.sign(subject, window));
    const given = Buffer.from(signature);
    if (expected.length !== given.length || !timingSafeEqual(expected, given)) return null;
    return new Date(window * this.windowSeconds * 1000);
  }

  /** Every code of the windows from `from` to `to`, for a device that will show them without network. */
  issueRange(subject: string, from: Date, to: Date): Array<{ code: string; from: string; to: string }> {
    const codes = [];
    for (let window = this.windowOf(from); window <= this.windowOf(to); window += 1) {
      const startMs = window * this.windowSeconds * 1000;
      codes.push({
        code: `${window}.${this.sign(subject, window)}`,
        from: new Date(startMs).toISOString(),
        to: new Date(startMs + this.windowSeconds * 1000).toISOString(),
      });
    }
    return codes;
  }

  private windowOf(now: Date): number {
    return Math.floor(now.getTime() / 1000 / this.windowSeconds);
  }

  private sign(subject: string, window: number): string {
    return createHmac('sha256', this.secret).update(`${this.purpose}:${subject}:${window}`).digest('base64url').slice(0, 22);
  }
}
