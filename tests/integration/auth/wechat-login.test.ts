import jwt from 'jsonwebtoken';
import request from 'supertest';
import { startTestApi, type TestApi } from '../../helpers/test-api';
import { bearer, signInByWechat } from './auth-helpers';

let api: TestApi;

beforeAll(async () => {
  api = await startTestApi();
});
afterAll(() => api.stop());

const wechatLogin = (body: unknown) => request(api.url).post('/api/v1/auth/wechat').send(body as object);

describe('POST /api/v1/auth/wechat (sandbox provider)', () => {
  it('when a new user signs in, then a token pair is issued, not cached, and without the session_key', async () => {
    const res = await wechatLogin({ code: `new-user-${Date.now()}` });
    expect(res.status).toBe(200);
    expect(res.headers['cache-control']).toBe('no-store');
    expect(Object.keys(res.body).sort()).toEqual(['accessToken', 'accessTokenExpiresIn', 'refreshToken', 'refreshTokenExpiresIn']);
    expect(res.body.accessTokenExpiresIn).toBe(api.config.ACCESS_TOKEN_TTL);
  });

  it('when a new user signs in, then the access token carries sub, roles volunteer and donor, and typ access', async () => {
    const { accessToken } = await signInByWechat(api, `claims-${Date.now()}`);
    const claims = jwt.verify(accessToken, api.config.JWT_SECRET, { algorithms: ['HS256'] }) as jwt.JwtPayload;
    expect(claims).toMatchObject({ typ: 'access', roles: ['volunteer', 'donor'], scopes: {} });
    expect(claims.sub).toMatch(/^[a-f0-9]{24}$/);
    expect(claims.exp! - claims.iat!).toBe(api.config.ACCESS_TOKEN_TTL);
    expect(api.runtime.modules.auth.verifyAccessToken(accessToken)).toEqual({ userId: claims.sub, roles: ['volunteer', 'donor'], scopes: {} });
  });

  it('when the same code signs in twice, then it is the same user', async () => {
    const code = `same-user-${Date.now()}`;
    const first = await signInByWechat(api, code);
    const second = await signInByWechat(api, code);
    const a = await request(api.url).get('/api/v1/me').set(bearer(first.accessToken));
    const b = await request(api.url).get('/api/v1/me').set(bearer(second.accessToken));
    expect(a.status).toBe(200);
    expect(b.body.id).toBe(a.body.id);
    expect(a.body).toMatchObject({ displayName: '微信用户', roles: ['volunteer', 'donor'] });
    expect(a.body.phone).toBeUndefined();
  });

  it('when two first sign-ins with one code race, then they still end in one user', async () => {
    const code = `race-${Date.now()}`;
    const pairs = await Promise.all([signInByWechat(api, code), signInByWechat(api, code), signInByWechat(api, code)]);
    const ids = pairs.map((p) => api.runtime.modules.auth.verifyAccessToken(p.accessToken).userId);
    expect(new Set(ids).size).toBe(1);
  });

  it('when different codes sign in, then they are different users', async () => {
    const a = api.runtime.modules.auth.verifyAccessToken((await signInByWechat(api, `a-${Date.now()}`)).accessToken);
    const b = api.runtime.modules.auth.verifyAccessToken((await signInByWechat(api, `b-${Date.now()}`)).accessToken);
    expect(a.userId).not.toBe(b.userId);
  });

  it('when the code is missing or carries an operator, then 400 VALIDATION_FAILED', async () => {
    const missing = await wechatLogin({});
    expect(missing.status).toBe(400);
    expect(missing.body.errors[0]).toEqual({ path: 'code', message: expect.any(String) });
    expect((await wechatLogin({ code: { $gt: '' } })).status).toBe(400);
    expect((await wechatLogin({ code: 'x', role: 'city_admin' })).status).toBe(400);
  });
});
