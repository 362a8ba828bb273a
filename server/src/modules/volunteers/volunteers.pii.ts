import { createHmac } from 'node:crypto';
import type { PiiCipher } from '../../platform/pii-cipher';
import type { SealedPii } from './volunteers.model';

/**
 * The key-collection id of an ID number: HMAC-SHA256 with the PII key, domain-separated from phone
 * hashes (`phone:`), so the same key never yields comparable digests for different kinds of data.
 */
export function residentIdKey(residentId: string, piiHashKey: string): string {
  return `rid:${createHmac('sha256', piiHashKey).update(`rid:${residentId}`).digest('hex')}`;
}

/** "张三" → "张*", "欧阳修" → "欧**": enough for staff to greet the right person. */
export function maskName(name: string): string {
  const chars = Array.from(name);
  return chars.length <= 1 ? '*' : `${chars[0]}${'*'.repeat(chars.length - 1)}`;
}

/** Seals and opens a volunteer's personal data, bound to their user id. */
export class PiiVault {
  constructor(private readonly cipher: PiiCipher) {}

  seal(userId: string, pii: SealedPii): string {
    return this.cipher.seal(JSON.stringify(pii), `volunteer:${userId}`);
  }

  open(userId: string, envelope: string): SealedPii {
    return JSON.parse(this.cipher.open(envelope, `volunteer:${userId}`)) as SealedPii;
  }
}
