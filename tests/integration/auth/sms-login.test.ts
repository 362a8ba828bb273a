import request from 'supertest';
import { startTestApi, type TestApi } from '../../helpers/test-api';
import { aPhone, bearer, forgetSmsLimits, requestCode, smsCodeKey, smsInbox } from './auth-helpers';

let api: TestApi;

beforeAll(async () => {
  api = await startTestApi();
});
afterAll(() => api.stop());

const verify = (phone: string, code: string) => request(api.url).post('/api/v1/auth/sms/verify').send({ phone, code });

/** A 6-digit code that is not `code`. */
const wrong = (code: string) => String((Number(code) + 1) % 1_000_000).padStart(6, '0');

describe('POST /api/v1/auth/sms/request', () => {
  it('when a valid phone asks for a code, then 204 and a 6-digit code is sent to it', async () => {
    const phone = aPhone();
    const res = await request(api.url).post('/api/v1/auth/sms/request').send({ phone });
    expect(res.status).toBe(204);
    expect(smsInbox(api).lastCodeFor(phone)).toMatch(/^\d{6}$/);
  });

  it('when the phone is malformed, then 400 with a Chinese message and nothing is sent', async () => {
    const res = await request(api.url).post('/api/v1/auth/sms/request').send({ phone: '12345' });
    expect(res.status).toBe(400);
    expect(res.body.errors[0]).toEqual({ path: 'phone', message: '请输入正确的手机号' });
    expect(smsInbox(api).lastCodeFor('12345')).toBeUndefined();
  });

  it('when the same phone asks again within a minute, then 429 with retry-after and no new code', async () => {
    const phone = aPhone();
    const first = await requestCode(api, phone);
    const res = await request(api.url).post('/api/v1/auth/sms/request').send({ phone });
    expect(res.status).toBe(429);
    expect(res.body.code).toBe('RATE_LIMITED');
    const retryAfter = Number(res.headers['retry-after']);
    expect(retryAfter).toBeGreaterThan(0);
    expect(retryAfter).toBeLessThanOrEqual(60);
    expect(smsInbox(api).lastCodeFor(phone)).toBe(first);
  });

  it('when a code is stored, then Redis holds neither the phone number nor the code in clear', async () => {
    const phone = aPhone();
    const code = await requestCode(api, phone);
    const keys = await api.runtime.infra.redis.keys(`${api.config.REDIS_PREFIX}:sms:*`);
    expect(keys.length).toBeGreaterThan(0);
    const values = await Promise.all(keys.map(async (key) =>
      ((await api.runtime.infra.redis.type(key)) === 'hash' ? JSON.stringify(await api.runtime.infra.redis.hgetall(key)) : '')));
    expect([...keys, ...values].join('\n')).not.toContain(phone);
    expect(values.join('\n')).not.toContain(`"${code}"`);
  });
});

describe('POST /api/v1/auth/sms/verify', () => {
  it('when the right code is given, then tokens are issued and /me shows the masked phone of a new volunteer', async () => {
    const phone = aPhone();
    const res = await verify(phone, await requestCode(api, phone));
    expect(res.status).toBe(200);
    expect(res.body).toMatchObject({ accessTokenExpiresIn: api.config.ACCESS_TOKEN_TTL, refreshTokenExpiresIn: api.config.REFRESH_TOKEN_TTL });
    const me = await request(api.url).get('/api/v1/me').set(bearer(res.body.accessToken));
    expect(me.status).toBe(200);
    expect(me.body).toMatchObject({ phone: `${phone.slice(0, 3)}****${phone.slice(7)}`, roles: ['volunteer', 'donor'], scopes: {} });
  });

  it('when the same phone signs in again, then it is the same user and the number is not stored in clear', async () => {
    const phone = aPhone();
    const first = await verify(phone, await requestCode(api, phone));
    await forgetSmsLimits(api);
    const second = await verify(phone, await requestCode(api, phone));
    const idOf = async (token: string) => (await request(api.url).get('/api/v1/me').set(bearer(token))).body.id as string;
    expect(await idOf(second.body.accessToken)).toBe(await idOf(first.body.accessToken));
    const stored = await api.runtime.infra.connection.collection('users').find({}).toArray();
    expect(JSON.stringify(stored)).not.toContain(phone);
  });

  it('when the code is wrong, then 400 SMS_CODE_INVALID and the right code still works', async () => {
    const phone = aPhone();
    const code = await requestCode(api, phone);
    const res = await verify(phone, wrong(code));
    expect(res.status).toBe(400);
    expect(res.body).toMatchObject({ code: 'SMS_CODE_INVALID', title: '验证码错误或已过期' });
    expect((await verify(phone, code)).status).toBe(200);
  });

  it('when the code has expired, then 400 SMS_CODE_INVALID', async () => {
    const phone = aPhone();
    const code = await requestCode(api, phone);
    await api.runtime.infra.redis.pexpire(smsCodeKey(api, phone), 1);
    await new Promise((resolve) => setTimeout(resolve, 20));
    const res = await verify(phone, code);
    expect(res.status).toBe(400);
    expect(res.body.code).toBe('SMS_CODE_INVALID');
  });

  it('when a code is used twice, then only the first use signs in', async () => {
    const phone = aPhone();
    const code = await requestCode(api, phone);
    const [a, b] = await Promise.all([verify(phone, code), verify(phone, code)]);
    expect([a.status, b.status].sort()).toEqual([200, 400]);
    expect((await verify(phone, code)).status).toBe(400);
  });

  it('when five wrong codes are tried, then the code is void even if the sixth try is right', async () => {
    const phone = aPhone();
    const code = await requestCode(api, phone);
    for (let i = 0; i < 5; i++) expect((await verify(phone, wrong(code))).status).toBe(400);
    expect((await verify(phone, code)).status).toBe(400);
  });

  it('when no code was ever requested for the phone, then 400 SMS_CODE_INVALID', async () => {
    const res = await verify(aPhone(), '123456');
    expect(res.status).toBe(400);
    expect(res.body.code).toBe('SMS_CODE_INVALID');
  });
});

describe('SMS request limit per client IP', () => {
  let proxied: TestApi;

  beforeAll(async () => {
    proxied = await startTestApi({ TRUST_PROXY_HOPS: '1' });
  });
  afterAll(() => proxied.stop());

  const requestFrom = (ip: string) =>
    request(proxied.url).post('/api/v1/auth/sms/request').set('x-forwarded-for', ip).send({ phone: aPhone() });

  it('when one IP asks for codes for 21 different phones within an hour, then the 21st is refused and other IPs are not', async () => {
    for (let i = 0; i < 20; i++) expect((await requestFrom('203.0.113.7')).status).toBe(204);
    const refused = await requestFrom('203.0.113.7');
    expect(refused.status).toBe(429);
    expect(Number(refused.headers['retry-after'])).toBeGreaterThan(3000);
    expect((await requestFrom('203.0.113.8')).status).toBe(204);
  });
});

describe('SMS limits under load from many addresses', () => {
  let proxied: TestApi;

  beforeAll(async () => {
    proxied = await startTestApi({ TRUST_PROXY_HOPS: '1' });
  });
  afterAll(() => proxied.stop());

  const smsFrom = (ip: string, path: 'request' | 'verify', body: object) =>
    request(proxied.url).post(`/api/v1/auth/sms/${path}`).set('x-forwarded-for', ip).send(body);

  it('when 30 addresses ask for a code for the same phone at once, then exactly one code is sent and the rest get 429', async () => {
    const phone = aPhone();
    const answers = await Promise.all(Array.from({ length: 30 }, (_, n) => smsFrom(`198.51.100.${n}`, 'request', { phone })));
    expect(answers.filter((res) => res.status === 204)).toHaveLength(1);
    const limited = answers.filter((res) => res.status === 429);
    expect(limited).toHaveLength(29);
    for (const res of limited) expect(res.body.code).toBe('RATE_LIMITED');
    expect(smsInbox(proxied).lastCodeFor(phone)).toMatch(/^\d{6}$/);
  });

  it('when 30 addresses guess one phone\'s code at once, then every guess fails and the right code is void afterwards (five wrong tries void it, however many arrive at once)', async () => {
    const phone = aPhone();
    const code = await requestCode(proxied, phone);
    const guesses = await Promise.all(Array.from({ length: 30 }, (_, n) => smsFrom(`192.0.2.${n}`, 'verify', { phone, code: wrong(code) })));
    expect(guesses.every((res) => res.status === 400 && res.body.code === 'SMS_CODE_INVALID')).toBe(true);
    expect((await smsFrom('192.0.2.200', 'verify', { phone, code })).status).toBe(400);
  });
});
