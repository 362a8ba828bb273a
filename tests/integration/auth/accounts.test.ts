import { Types } from 'mongoose';
import request from 'supertest';
import type { TokenPair } from '@tongxin/shared';
import { phoneIdentity } from '../../../server/src/modules/auth';
import { ConflictError } from '../../../server/src/platform/errors';
import { startTestApi, type TestApi } from '../../helpers/test-api';
import { aPhone, bearer, signInByPhone } from './auth-helpers';

let api: TestApi;

beforeAll(async () => {
  api = await startTestApi();
});
afterAll(() => api.stop());

const users = () => api.runtime.modules.users.service;
const me = (accessToken: string) => request(api.url).get('/api/v1/me').set(bearer(accessToken));

describe('users service: createUser', () => {
  it('when an operator creates a user with a phone, then signing in by SMS with that phone is that user', async () => {
    const phone = aPhone();
    const created = await users().createUser({ displayName: '社区王老师', roles: ['community_staff'], scopes: { communityCode: '510104001001' }, phone });
    expect(created.phone).toBe(`${phone.slice(0, 3)}****${phone.slice(7)}`);
    const tokens = await signInByPhone(api, phone);
    expect((await me(tokens.accessToken)).body).toEqual(created);
  });

  it('when a second user is created with a phone already bound, then CONFLICT', async () => {
    const phone = aPhone();
    await users().createUser({ displayName: '甲', roles: ['volunteer'], phone });
    await expect(users().createUser({ displayName: '乙', roles: ['volunteer'], phone })).rejects.toBeInstanceOf(ConflictError);
    expect(await api.runtime.infra.connection.collection('users').countDocuments({ displayName: '乙' })).toBe(0);
  });

  it('when creating a user fails validation, then its phone stays free for the next attempt', async () => {
    const phone = aPhone();
    await expect(users().createUser({ displayName: '名'.repeat(41), roles: ['volunteer'], phone })).rejects.toThrow();
    await expect(users().createUser({ displayName: '戊', roles: ['volunteer'], phone })).resolves.toMatchObject({ displayName: '戊' });
  });
});

describe('users service: grantRole', () => {
  it('when a role with a scope is granted, then scopes merge and the next refreshed access token carries them', async () => {
    const first = await signInByPhone(api);
    const { userId } = api.runtime.modules.auth.verifyAccessToken(first.accessToken);
    await users().grantRole(userId, 'org_admin', { organizationId: 'org-1' });
    const granted = await users().grantRole(userId, 'community_staff', { communityCode: '510104001001' });
    expect(granted.roles).toEqual(['volunteer', 'donor', 'org_admin', 'community_staff']);
    expect(granted.scopes).toEqual({ organizationId: 'org-1', communityCode: '510104001001' });
    const refreshed = (await request(api.url).post('/api/v1/auth/refresh').send({ refreshToken: first.refreshToken })).body as TokenPair;
    expect(api.runtime.modules.auth.verifyAccessToken(refreshed.accessToken)).toEqual({ userId, roles: granted.roles, scopes: granted.scopes });
  });

  it('when a seed binds a phone and grants a role on every run, then one user holds the role once', async () => {
    const phone = aPhone();
    const runSeed = async () => {
      const { userId } = await users().findOrCreateByIdentity(phoneIdentity(phone, api.config.PII_HASH_KEY));
      return users().grantRole(userId, 'district_admin', { districtCode: '510104' });
    };
    const first = await runSeed();
    const second = await runSeed();
    expect(second).toEqual(first);
    expect(second.roles).toEqual(['volunteer', 'donor', 'district_admin']);
  });

  it('when the same role is granted twice, then it is listed once', async () => {
    const user = await users().createUser({ displayName: '丙', roles: ['volunteer'] });
    await users().grantRole(user.id, 'volunteer');
    expect((await users().grantRole(user.id, 'volunteer')).roles).toEqual(['volunteer']);
  });

  it('when the user does not exist, then NOT_FOUND', async () => {
    await expect(users().grantRole('0123456789abcdef01234567', 'donor')).rejects.toMatchObject({ code: 'NOT_FOUND' });
    await expect(users().grantRole('not-an-id', 'donor')).rejects.toMatchObject({ code: 'NOT_FOUND' });
  });
});

describe('GET /api/v1/me', () => {
  it('when the account behind a valid token is gone, then 401 UNAUTHENTICATED', async () => {
    const user = await users().createUser({ displayName: '丁', roles: ['donor'] });
    const { accessToken } = await api.runtime.modules.auth.issueTokens(user.id);
    expect((await me(accessToken)).status).toBe(200);
    await api.runtime.infra.connection.collection('users').deleteOne({ _id: new Types.ObjectId(user.id) });
    const res = await me(accessToken);
    expect(res.status).toBe(401);
    expect(res.body.code).toBe('UNAUTHENTICATED');
  });
});
