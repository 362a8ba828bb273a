import { createCipheriv, createDecipheriv, randomBytes } from 'node:crypto';

const IV_BYTES = 12;
const TAG_BYTES = 16;
const KEY_BYTES = 32;

export class PiiCipherError extends Error {
  override name = 'PiiCipherError';
}

/**
 * AES-256-GCM for personal data at rest. An envelope is `v<key version>.<iv>.<tag>.<ciphertext>`
 * (base64url parts), so keys can rotate: new envelopes use the current version, old ones still open
 * while their key is in the ring. The associated data binds an envelope to its record (e.g. the
 * user id), so a ciphertext copied into another record does not open.
 */
export class PiiCipher {
  private readonly keys: ReadonlyMap<number, Buffer>;

  constructor(keys: Record<number, string>, private readonly currentVersion: number) {
    this.keys = new Map(Object.entries(keys).map(([version, key]) => [Number(version), PiiCipher.decodeKey(key)]));
    if (!this.keys.has(currentVersion)) throw new PiiCipherError(`no key for the current version ${currentVersion}`);
  }

  /** A 32-byte key from base64 or base64url text. */
  static decodeKey(text: string): Buffer {
    const key = Buffer.from(text, 'base64');
    if (key.length !== KEY_BYTES) throw new PiiCipherError(`an AES-256 key must be ${KEY_BYTES} bytes, got ${key.length}`);
    return key;
  }

  seal(plaintext: string, associatedData: string): string {
    const iv = randomBytes(IV_BYTES);
    const cipher = createCipheriv('aes-256-gcm', this.keys.get(this.currentVersion)!, iv, { authTagLength: TAG_BYTES });
    cipher.setAAD(Buffer.from(associatedData, 'utf8'));
    const ciphertext = Buffer.concat([cipher.update(plaintext, 'utf8'), cipher.final()]);
    return [`v${this.currentVersion}`, iv, cipher.getAuthTag(), ciphertext]
      .map((part) => (typeof part === 'string' ? part : part.toString('base64url')))
      .join('.');
  }

  /** Throws PiiCipherError for an unknown key version, a malformed envelope or a failed authentication. */
  open(envelope: string, associatedData: string): string {
    const [version, iv, tag, ciphertext] = envelope.split('.');
    const key = /^v\d+$/.test(version ?? '') ? this.keys.get(Number(version!.slice(1))) : undefined;
    if (!key || iv === undefined || tag === undefined || ciphertext === undefined) throw new PiiCipherError('unreadable envelope');
    try {
      const decipher = createDecipheriv('aes-256-gcm', key, Buffer.from(iv, 'base64url'), { authTagLength: TAG_BYTES });
      decipher.setAAD(Buffer.from(associatedData, 'utf8'));
      decipher.setAuthTag(Buffer.from(tag, 'base64url'));
      return Buffer.concat([decipher.update(Buffer.from(ciphertext, 'base64url')), decipher.final()]).toString('utf8');
    } catch {
      throw new PiiCipherError('envelope failed authentication');
    }
  }
}
