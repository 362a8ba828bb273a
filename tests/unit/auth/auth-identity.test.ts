import { createHmac } from 'node:crypto';
import { hashPhone, maskPhone, phoneIdentity } from '../../../server/src/modules/auth';

const KEY = 'unit-test-pii-key-0123456789abcdef';

describe('maskPhone', () => {
  it('when given an 11-digit number, then keeps the first three and last four digits', () => {
    expect(maskPhone('13812345678')).toBe('138****5678');
  });

  it('when given anything else, then reveals nothing', () => {
    expect(maskPhone('12345')).toBe('***');
  });
});

describe('hashPhone', () => {
  it('when hashed twice with one key, then the same 64-hex HMAC without the number in it', () => {
    const hash = hashPhone('13812345678', KEY);
    expect(hash).toMatch(/^[a-f0-9]{64}$/);
    expect(hashPhone('13812345678', KEY)).toBe(hash);
    expect(hash).not.toContain('12345678');
  });

  it('when the key or the number differs, then the hash differs', () => {
    expect(hashPhone('13812345678', `${KEY}x`)).not.toBe(hashPhone('13812345678', KEY));
    expect(hashPhone('13812345679', KEY)).not.toBe(hashPhone('13812345678', KEY));
  });

  it('when compared with a bare HMAC or SHA-256 of the number, then it differs (domain-separated input)', () => {
    expect(hashPhone('13812345678', KEY)).not.toBe(createHmac('sha256', KEY).update('13812345678').digest('hex'));
  });
});

describe('phoneIdentity', () => {
  it('when built, then carries only the hash and the mask', () => {
    const identity = phoneIdentity('13812345678', KEY);
    expect(identity).toEqual({ kind: 'phone', phoneHash: hashPhone('13812345678', KEY), phoneMasked: '138****5678' });
    expect(JSON.stringify(identity)).not.toContain('13812345678');
  });
});
