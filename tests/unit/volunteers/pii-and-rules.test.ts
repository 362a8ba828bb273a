import { randomBytes } from 'node:crypto';
import { Types } from 'mongoose';
import fc from 'fast-check';
import { ConfigError, loadConfig } from '../../../server/src/config/config';
import { PiiCipher, PiiCipherError } from '../../../server/src/platform/pii-cipher';
import { maskName, residentIdKey } from '../../../server/src/modules/volunteers/volunteers.pii';
import { eligibilityOf } from '../../../server/src/modules/volunteers/volunteers.rules';
import type { VolunteerProfileRecord } from '../../../server/src/modules/volunteers/volunteers.model';

const key = () => randomBytes(32).toString('base64');

describe('PiiCipher', () => {
  const cipher = new PiiCipher({ 1: key() }, 1);

  it('when text is sealed, then it opens with the same associated data only, and the envelope names its key version', () => {
    fc.assert(fc.property(fc.string(), (text) => {
      const envelope = cipher.seal(text, 'volunteer:a');
      return envelope.startsWith('v1.') && cipher.open(envelope, 'volunteer:a') === text;
    }));
    expect(() => cipher.open(cipher.seal('510104199001011234', 'volunteer:a'), 'volunteer:b')).toThrow(PiiCipherError);
  });

  it('when an envelope is tampered with or its key is unknown, then it does not open', () => {
    const envelope = cipher.seal('王小明', 'u');
    const parts = envelope.split('.');
    const flipped = Buffer.from(parts[3]!, 'base64url');
    flipped[0]! ^= 1;
    expect(() => cipher.open([parts[0], parts[1], parts[2], flipped.toString('base64url')].join('.'), 'u')).toThrow(PiiCipherError);
    expect(() => cipher.open(envelope.replace(/^v1\./, 'v2.'), 'u')).toThrow(PiiCipherError);
  });

  it('when the key rotates, then old envelopes still open and new ones use the new version', () => {
    const oldKey = key();
    const sealedBefore = new PiiCipher({ 1: oldKey }, 1).seal('旧', 'u');
    const rotated = new PiiCipher({ 1: oldKey, 2: key() }, 2);
    expect(rotated.open(sealedBefore, 'u')).toBe('旧');
    expect(rotated.seal('新', 'u').startsWith('v2.')).toBe(true);
  });

  it('when a key is not 32 bytes, then the cipher refuses to start', () => {
    expect(() => new PiiCipher({ 1: randomBytes(16).toString('base64') }, 1)).toThrow(PiiCipherError);
  });
});

describe('volunteer PII helpers', () => {
  it('when an ID number is keyed, then the key is domain-separated from the phone hash and depends on the secret', () => {
    const id = '11010519491231002X';
    expect(residentIdKey(id, 'k'.repeat(32))).toMatch(/^rid:[a-f0-9]{64}$/);
    expect(residentIdKey(id, 'k'.repeat(32))).not.toBe(residentIdKey(id, 'j'.repeat(32)));
    expect(residentIdKey(id, 'k'.repeat(32))).not.toContain(id);
  });

  it('when a name is masked, then only its first character shows', () => {
    expect(maskName('张三')).toBe('张*');
    expect(maskName('阿依古丽·买买提')).toBe('阿*******');
  });
});

describe('eligibilityOf', () => {
  const profile = (birthDate: string, skills: VolunteerProfileRecord['skills'] = []): VolunteerProfileRecord => ({
    _id: new Types.ObjectId(), residentIdKey: 'rid:x', birthDate, skills, skillsMask: 0, languages: [],
    createdAt: new Date(), updatedAt: new Date(),
  });
  const shift = { category: 'meal_delivery' as const, requiredSkills: [] as const, startsAt: new Date('2026-06-01T02:00:00Z') };

  it('when there is no profile or no phone, then VOLUNTEER_PROFILE_REQUIRED naming what is missing', () => {
    expect(eligibilityOf(null, true, shift)).toMatchObject({ code: 'VOLUNTEER_PROFILE_REQUIRED', reason: expect.stringContaining('身份证号码') });
    expect(eligibilityOf(profile('1990-01-01'), false, shift)).toMatchObject({ reason: expect.stringContaining('手机号码') });
  });

  it('when the volunteer turns 18 only after the shift date, then adult-only categories are refused; minors-allowed ones pass', () => {
    expect(eligibilityOf(profile('2008-06-02'), true, shift)).toMatchObject({ code: 'AGE_RESTRICTED', reason: expect.stringContaining('助餐送餐') });
    expect(eligibilityOf(profile('2008-06-01'), true, shift)).toEqual({ eligible: true });
    expect(eligibilityOf(profile('2010-01-01'), true, { ...shift, category: 'environment' })).toEqual({ eligible: true });
  });

  it('when a required skill is missing, then SKILLS_MISSING names it in Chinese', () => {
    const needs = { ...shift, requiredSkills: ['driving', 'cooking'] as const };
    expect(eligibilityOf(profile('1990-01-01', ['driving']), true, needs)).toMatchObject({ code: 'SKILLS_MISSING', reason: expect.stringContaining('烹饪/助餐') });
    expect(eligibilityOf(profile('1990-01-01', ['cooking', 'driving']), true, needs)).toEqual({ eligible: true });
  });
});

describe('PII_ENCRYPTION_KEY configuration', () => {
  it('when production keeps the development key, then start-up is refused naming it; a key of the wrong size is refused anywhere', () => {
    const secrets = { JWT_SECRET: 'j'.repeat(32), PII_HASH_KEY: 'p'.repeat(32), WECHAT_APP_SECRET: 'w', CHECKIN_CODE_SECRET: 'c'.repeat(32) };
    expect(() => loadConfig({ NODE_ENV: 'production', WECHAT_PROVIDER: 'wechat', ...secrets })).toThrow(/PII_ENCRYPTION_KEY/);
    expect(() => loadConfig({ PII_ENCRYPTION_KEY: randomBytes(16).toString('base64') })).toThrow(ConfigError);
    expect(loadConfig({ PII_ENCRYPTION_KEY: key() }).PII_ENCRYPTION_KEY).toHaveLength(44);
    expect(() => new PiiCipher({ 1: loadConfig({}).PII_ENCRYPTION_KEY }, 1)).not.toThrow();
  });
});
