import jwt from 'jsonwebtoken';
import request from 'supertest';
import type { TokenPair } from '@tongxin/shared';
import { hashRefreshToken } from '../../../server/src/modules/auth/auth.tokens';
import { startTestApi, type TestApi } from '../../helpers/test-api';
import { bearer, signInByWechat } from './auth-helpers';

let api: TestApi;
let codes = 0;

beforeAll(async () => {
  api = await startTestApi();
});
afterAll(() => api.stop());

/** A fresh sign-in, i.e. a new refresh family. */
const signIn = () => signInByWechat(api, `sessions-${++codes}-${Date.now()}`);
const refresh = (refreshToken: string) => request(api.url).post('/api/v1/auth/refresh').send({ refreshToken });
const logout = (refreshToken: string) => request(api.url).post('/api/v1/auth/logout').send({ refreshToken });
const me = (accessToken: string) => request(api.url).get('/api/v1/me').set(bearer(accessToken));

describe('POST /api/v1/auth/refresh', () => {
  it('when a live refresh token is presented, then a new pair for the same user is issued and both tokens differ', async () => {
    const first = await signIn();
    const res = await refresh(first.refreshToken);
    expect(res.status).toBe(200);
    expect(res.headers['cache-control']).toBe('no-store');
    const next = res.body as TokenPair;
    expect(next.refreshToken).not.toBe(first.refreshToken);
    expect(next.refreshToken).toMatch(/^[A-Za-z0-9_-]{43}$/);
    expect((await me(next.accessToken)).body.id).toBe((await me(first.accessToken)).body.id);
  });

  it('when a refresh token is stored, then only its hash is kept', async () => {
    const { refreshToken } = await signIn();
    const stored = await api.runtime.infra.connection.collection('refresh_tokens').find({}).toArray();
    expect(JSON.stringify(stored)).not.toContain(refreshToken);
    expect(stored.map((t) => t._id)).toContain(hashRefreshToken(refreshToken));
  });

  it('when a used refresh token is presented again, then 401 and the whole family is revoked', async () => {
    const first = await signIn();
    const second = (await refresh(first.refreshToken)).body as TokenPair;
    const reuse = await refresh(first.refreshToken);
    expect(reuse.status).toBe(401);
    expect(reuse.body.code).toBe('REFRESH_TOKEN_INVALID');
    const heir = await refresh(second.refreshToken);
    expect(heir.status).toBe(401);
    expect(heir.body.code).toBe('REFRESH_TOKEN_INVALID');
  });

  it('when one family is revoked for reuse, then other sessions of the same user go on', async () => {
    const code = `two-devices-${Date.now()}`;
    const phoneA = await signInByWechat(api, code);
    const phoneB = await signInByWechat(api, code);
    await refresh(phoneA.refreshToken);
    await refresh(phoneA.refreshToken);
    expect((await refresh(phoneB.refreshToken)).status).toBe(200);
  });

  it('when the same token is refreshed twice at once, then one gets a pair, the other is taken for reuse and the family ends', async () => {
    // Clients must refresh single-flight: a duplicate refresh is indistinguishable from a stolen token.
    const { refreshToken } = await signIn();
    const results = await Promise.all([refresh(refreshToken), refresh(refreshToken)]);
    expect(results.map((r) => r.status).sort()).toEqual([200, 401]);
    const winner = results.find((r) => r.status === 200)!.body as TokenPair;
    expect((await refresh(winner.refreshToken)).status).toBe(401);
  });

  it('when the refresh token has expired, then 401 REFRESH_TOKEN_INVALID', async () => {
    const { refreshToken } = await signIn();
    await api.runtime.infra.connection.collection<{ _id: string }>('refresh_tokens')
      .updateOne({ _id: hashRefreshToken(refreshToken) }, { $set: { expiresAt: new Date(Date.now() - 1000) } });
    const res = await refresh(refreshToken);
    expect(res.status).toBe(401);
    expect(res.body.code).toBe('REFRESH_TOKEN_INVALID');
  });

  it('when the token is unknown or malformed, then 401 or 400 and never 500', async () => {
    expect((await refresh('x'.repeat(43))).status).toBe(401);
    expect((await refresh('short')).status).toBe(400);
    expect((await request(api.url).post('/api/v1/auth/refresh').send({ refreshToken: { $ne: null } })).status).toBe(400);
  });
});

describe('POST /api/v1/auth/logout', () => {
  it('when a session logs out, then 204 and its refresh token no longer works', async () => {
    const first = await signIn();
    const second = (await refresh(first.refreshToken)).body as TokenPair;
    expect((await logout(second.refreshToken)).status).toBe(204);
    expect((await refresh(second.refreshToken)).status).toBe(401);
  });

  it('when an unknown token logs out, then 204 all the same', async () => {
    expect((await logout('y'.repeat(43))).status).toBe(204);
  });
});

describe('GET /api/v1/me', () => {
  it('when no token is sent, then 401 UNAUTHENTICATED as problem+json', async () => {
    const res = await request(api.url).get('/api/v1/me');
    expect(res.status).toBe(401);
    expect(res.headers['content-type']).toMatch(/application\/problem\+json/);
    expect(res.body).toMatchObject({ code: 'UNAUTHENTICATED', title: '请先登录' });
  });

  it('when the access token has expired, then 401 TOKEN_EXPIRED', async () => {
    const { accessToken } = await signIn();
    const { sub, roles, scopes } = jwt.decode(accessToken) as jwt.JwtPayload;
    const expired = jwt.sign({ typ: 'access', sub, roles, scopes, exp: Math.floor(Date.now() / 1000) - 10 }, api.config.JWT_SECRET);
    const res = await me(expired);
    expect(res.status).toBe(401);
    expect(res.body.code).toBe('TOKEN_EXPIRED');
  });

  it('when the token is signed with another key or is a refresh token, then 401 UNAUTHENTICATED', async () => {
    const { accessToken, refreshToken } = await signIn();
    const forged = jwt.sign(jwt.decode(accessToken) as jwt.JwtPayload, 'another-secret-of-at-least-32-chars!!');
    expect((await me(forged)).body.code).toBe('UNAUTHENTICATED');
    expect((await me(refreshToken)).body.code).toBe('UNAUTHENTICATED');
  });
});
