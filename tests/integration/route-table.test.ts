import { Types } from 'mongoose';
import request from 'supertest';
import { apiRoutesOf } from '../helpers/api-routes';
import { startTestApi, type TestApi } from '../helpers/test-api';

// Every route the app serves, found by walking Express's router (not a hand-kept list): without
// a token each must answer 401, unless it is in PUBLIC below, which is where a reviewer reads
// what anyone on the internet can call. A new route fails this test until it is classified.

let api: TestApi;

beforeAll(async () => {
  api = await startTestApi();
});
afterAll(() => api.stop());

/** Routes anyone may call; each with why. */
const PUBLIC: Record<string, string> = {
  'GET /api/v1/regions': 'the region tree is public reference data',
  'POST /api/v1/auth/wechat': 'sign-in: the WeChat login code proves the caller',
  'POST /api/v1/auth/sms/request': 'sign-in: rate-limited per phone and per address',
  'POST /api/v1/auth/sms/verify': 'sign-in: the SMS code proves the caller',
  'POST /api/v1/auth/refresh': 'a refresh token proves itself',
  'POST /api/v1/auth/logout': 'a refresh token proves itself',
  'POST /api/v1/payments/wechat/notify': 'WeChat Pay calls it: the RSA signature proves the caller; it answers in WeChat\'s own format',
  'GET /api/v1/certificates/:code': 'anyone holding a certificate may verify it; masked name and hours only',
};

const anId = () => new Types.ObjectId().toHexString();

/** A concrete URL for a route pattern: ids for `:params`. */
function urlOf(pattern: string): string {
  return pattern.replace(/:([A-Za-z]+)/g, (_m, name: string) => (/code/i.test(name) ? 'ABCD1234' : anId()));
}

describe('the route table', () => {
  const routes = () => apiRoutesOf(api.runtime.app);

  it('finds the API routes by walking the router', () => {
    expect(routes().length).toBeGreaterThan(60);
    expect(routes()).toContain('POST /api/v1/needs/:id/shifts/:shiftId/enrollments');
  });

  it('every non-public API route refuses a request without a token with 401 problem+json', async () => {
    const open: string[] = [];
    for (const route of routes()) {
      if (PUBLIC[route]) continue;
      const [method, pattern] = route.split(' ') as [string, string];
      const res = await request(api.url)[method.toLowerCase() as 'get'](urlOf(pattern)).send(method === 'GET' || method === 'DELETE' ? undefined : {});
      if (res.status !== 401 || !/problem\+json/.test(String(res.headers['content-type']))) open.push(`${route} → ${res.status}`);
    }
    expect(open).toEqual([]);
  });

  it('every public route is still served (the list holds no stale entries)', () => {
    expect(Object.keys(PUBLIC).filter((route) => !routes().includes(route))).toEqual([]);
  });
});
