import request from 'supertest';
import { startTestApi, type TestApi } from '../helpers/test-api';
import { aSignedUpShift } from '../fixtures/attendance';
import { COMMUNITY } from '../fixtures/needs';
import { aCommunityStaff, bearer } from '../fixtures/users';

let api: TestApi;

beforeAll(async () => {
  // One proxy hop, so each request's X-Forwarded-For is its client address.
  api = await startTestApi({ TRUST_PROXY_HOPS: '1' });
});
afterAll(() => api.stop());

const SIGN_IN_PER_IP = 60;

/** A sign-in attempt with a code that was never sent: 400 when let through, 429 when limited. */
const signInFrom = (ip: string, n: number) =>
  request(api.url).post('/api/v1/auth/sms/verify').set('x-forwarded-for', ip)
    .send({ phone: `139${String(n).padStart(8, '0')}`, code: '000000' });

describe('sign-in attempts per client address', () => {
  it('when one address makes 80 concurrent attempts, then exactly 60 are let through and 20 get 429 with retry-after', async () => {
    const answers = await Promise.all(Array.from({ length: 80 }, (_, n) => signInFrom('203.0.113.7', n)));
    const statuses = answers.map((res) => res.status);
    expect(statuses.filter((s) => s === 400)).toHaveLength(SIGN_IN_PER_IP);
    const limited = answers.filter((res) => res.status === 429);
    expect(limited).toHaveLength(80 - SIGN_IN_PER_IP);
    for (const res of limited) {
      expect(res.body.code).toBe('RATE_LIMITED');
      expect(Number(res.headers['retry-after'])).toBeGreaterThan(0);
    }
  });

  it('when 40 addresses each make 5 attempts at once, then none is limited by the others', async () => {
    const answers = await Promise.all(
      Array.from({ length: 200 }, (_, n) => signInFrom(`198.51.100.${n % 40}`, 1000 + n)),
    );
    expect(answers.map((res) => res.status).filter((s) => s === 429)).toEqual([]);
  });

  it('when a limited address waits, the counter lives in Redis: a second API process sees the same budget', async () => {
    const second = await startTestApi({ TRUST_PROXY_HOPS: '1' }, { ...api.config });
    try {
      const res = await request(second.url).post('/api/v1/auth/sms/verify').set('x-forwarded-for', '203.0.113.7')
        .send({ phone: '13900000001', code: '000000' });
      expect(res.status).toBe(429);
    } finally {
      await second.runtime.close();
    }
  });
});

describe('check-in scans per volunteer', () => {
  it('when a volunteer sends 15 scans in a minute, then the first 12 are judged and the rest get 429', async () => {
    const staff = await aCommunityStaff(api, COMMUNITY);
    const shift = await aSignedUpShift(api, staff);
    const statuses: number[] = [];
    for (let i = 0; i < 15; i++) {
      const res = await request(api.url).post(`/api/v1/enrollments/${shift.enrollmentId}/check-in`)
        .set(bearer(shift.volunteer)).send({ code: 'not-a-code' });
      statuses.push(res.status);
    }
    expect(statuses.slice(0, 12).every((s) => s !== 429)).toBe(true);
    expect(statuses.slice(12)).toEqual([429, 429, 429]);
  });
});
