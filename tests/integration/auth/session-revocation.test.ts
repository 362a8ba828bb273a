import request from 'supertest';
import type { TokenPair } from '@tongxin/shared';
import { aUser } from '../../fixtures/users';
import { freePort, spawnApi, type ApiProcess } from '../../helpers/api-process';
import { eventually } from '../../helpers/eventually';
import { connectSocket, type TestSocket } from '../../helpers/sockets';
import { startTestApi, type TestApi } from '../../helpers/test-api';
import { bearer, signInByWechat } from './auth-helpers';

let api: TestApi;
let replica: ApiProcess;
const sockets: TestSocket[] = [];

beforeAll(async () => {
  api = await startTestApi();
  replica = await spawnApi(api.config, await freePort());
}, 60_000);
afterAll(async () => {
  for (const socket of sockets) socket.close();
  replica?.child.kill('SIGTERM');
  await replica?.exited;
  await api.stop();
});

let codes = 0;
const signIn = (code: string) => signInByWechat(api, code);
const me = (url: string, accessToken: string) => request(url).get('/api/v1/me').set(bearer(accessToken));
const refresh = (refreshToken: string) => request(api.url).post('/api/v1/auth/refresh').send({ refreshToken });

async function openSocket(url: string, token: string): Promise<TestSocket> {
  const socket = await connectSocket(url, token);
  sockets.push(socket);
  return socket;
}

function disconnection(socket: TestSocket): Promise<string> {
  return new Promise((resolve) => socket.once('disconnect', (reason) => resolve(reason)));
}

describe('sign out everywhere (POST /api/v1/auth/logout-all)', () => {
  it('when a user signs out everywhere, then every session on every replica ends at once: tokens, refreshes and open sockets', async () => {
    const code = `revoke-${++codes}-${Date.now()}`;
    const phone: TokenPair = await signIn(code);
    const tablet: TokenPair = await signIn(code);
    const onThisApi = await openSocket(api.url, tablet.accessToken);
    const onReplica = await openSocket(replica.url, phone.accessToken);
    expect((await me(replica.url, phone.accessToken)).status).toBe(200);
    const closedHere = disconnection(onThisApi);
    const closedThere = disconnection(onReplica);

    const res = await request(api.url).post('/api/v1/auth/logout-all').set(bearer(phone.accessToken));
    expect(res.status).toBe(204);

    expect(await closedHere).toBe('io server disconnect');
    expect(await closedThere).toBe('io server disconnect');
    for (const url of [api.url, replica.url]) {
      await eventually(async () => {
        const refused = await me(url, tablet.accessToken);
        expect(refused.status).toBe(401);
        expect(refused.body.code).toBe('SESSION_REVOKED');
        expect(refused.body.title).toMatch(/重新登录/);
      }, 1_000);
    }
    for (const { refreshToken } of [phone, tablet]) {
      const refused = await refresh(refreshToken);
      expect(refused.status).toBe(401);
      expect(refused.body.code).toBe('REFRESH_TOKEN_INVALID');
    }
    await expect(connectSocket(replica.url, phone.accessToken)).rejects.toMatchObject({ message: 'SESSION_REVOKED' });
  });

  it('when the user signs in again right after, then the new session works on every replica (the cut-off is to the millisecond)', async () => {
    const code = `again-${++codes}-${Date.now()}`;
    const before = await signIn(code);
    expect((await request(api.url).post('/api/v1/auth/logout-all').set(bearer(before.accessToken))).status).toBe(204);
    const after = await signIn(code);
    expect((await me(api.url, after.accessToken)).status).toBe(200);
    await eventually(async () => expect((await me(replica.url, before.accessToken)).status).toBe(401), 1_000);
    expect((await me(replica.url, after.accessToken)).status).toBe(200);
    expect((await refresh(after.refreshToken)).status).toBe(200);
  });

  it('when a replica starts after a revocation, then it refuses the revoked tokens too (it reads the recent ones from Redis)', async () => {
    const code = `late-${++codes}-${Date.now()}`;
    const session = await signIn(code);
    await request(api.url).post('/api/v1/auth/logout-all').set(bearer(session.accessToken)).expect(204);
    const late = await spawnApi(api.config, await freePort());
    try {
      const refused = await me(late.url, session.accessToken);
      expect(refused.status).toBe(401);
      expect(refused.body.code).toBe('SESSION_REVOKED');
    } finally {
      late.child.kill('SIGTERM');
      await late.exited;
    }
  }, 60_000);

  it('without an access token, then 401 and nothing is revoked', async () => {
    expect((await request(api.url).post('/api/v1/auth/logout-all')).status).toBe(401);
  });
});

describe('an admin ends the sessions of another account (POST /api/v1/users/:id/sessions/revoke)', () => {
  it('when the city admin revokes, then 204, the account is signed out everywhere and the audit trail says who did it', async () => {
    const cityAdmin = await aUser(api, ['city_admin']);
    const session = await signIn(`suspended-${++codes}-${Date.now()}`);
    const userId = (await me(api.url, session.accessToken)).body.id as string;
    const socket = await openSocket(replica.url, session.accessToken);
    const closed = disconnection(socket);

    expect((await request(api.url).post(`/api/v1/users/${userId}/sessions/revoke`).set({ authorization: `Bearer ${cityAdmin.token}` })).status).toBe(204);

    expect(await closed).toBe('io server disconnect');
    expect((await me(api.url, session.accessToken)).status).toBe(401);
    const entries = await api.runtime.infra.connection.collection('audit_entries').find({ action: 'sessions:revoke', subjectId: userId }).toArray();
    expect(entries).toHaveLength(1);
    expect(String(entries[0]!.actorId)).toBe(cityAdmin.id);
  });

  it('when anyone but a city admin tries, then 403 and the target stays signed in', async () => {
    const target = await signIn(`kept-${++codes}-${Date.now()}`);
    const targetId = (await me(api.url, target.accessToken)).body.id as string;
    for (const roles of [['volunteer'], ['district_admin'], ['org_admin']] as const) {
      const someone = await aUser(api, [...roles], roles[0] === 'district_admin' ? { districtCode: '510104' } : {});
      const res = await request(api.url).post(`/api/v1/users/${targetId}/sessions/revoke`).set({ authorization: `Bearer ${someone.token}` });
      expect(res.status).toBe(403);
    }
    expect((await me(api.url, target.accessToken)).status).toBe(200);
  });

  it('when the id is not an account id, then 400 with a Chinese message', async () => {
    const cityAdmin = await aUser(api, ['city_admin']);
    const res = await request(api.url).post('/api/v1/users/%7B%22%24gt%22%3A%22%22%7D/sessions/revoke').set({ authorization: `Bearer ${cityAdmin.token}` });
    expect(res.status).toBe(400);
    expect(res.body.code).toBe('VALIDATION_FAILED');
  });
});
