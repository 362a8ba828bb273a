import http from 'node:http';
import type { AddressInfo } from 'node:net';
import { Writable } from 'node:stream';
import { Redis } from 'ioredis';
import request from 'supertest';
import { createLogger } from '../../server/src/platform/logger';
import { createApiRuntime, type ApiRuntime } from '../../server/src/runtime';
import { testConfig } from '../helpers/test-config';
import { dropTestState } from '../helpers/test-state';
import { eventually } from '../helpers/eventually';
import { aNeedBody, aShift, COMMUNITY } from '../fixtures/needs';
import { aResidentId } from '../fixtures/resident-ids';
import { aVolunteerProfileBody } from '../fixtures/volunteer-profiles';
import { aCommunityStaff, bearer, type TestUser } from '../fixtures/users';
import { aCharity, aLiveCampaign } from './campaigns/campaign-fixtures';
import { smsInbox } from './auth/auth-helpers';
import type { TestApi } from '../helpers/test-api';

// A volunteer's whole day (WeChat and SMS sign-in, real-name profile, sign-up with reminders,
// a donation, staff looking at the volunteer) runs against the real services; afterwards the plain
// ID number, the full phone number and WeChat's session_key must appear nowhere they are not
// needed: not in any response, not in the logs, not in Redis (BullMQ job data included), not in
// the store in plain text.

const SESSION_KEY = 'U2NhblNlc3Npb25LZXk9PXg0Mg==';
const PHONE = '13987654321';
const RESIDENT_ID = aResidentId({ birthDate: '1988-03-09' });
const SECRETS: Record<string, string> = { residentId: RESIDENT_ID, phone: PHONE, sessionKey: SESSION_KEY };

let api: TestApi;
let runtime: ApiRuntime;
let wechat: http.Server;
const logged: string[] = [];
const responses: Array<{ what: string; text: string }> = [];

function remember(what: string, res: request.Response): request.Response {
  responses.push({ what, text: res.text ?? '' });
  return res;
}

beforeAll(async () => {
  wechat = http.createServer((req, res) => {
    const code = new URL(req.url ?? '/', 'http://x').searchParams.get('js_code');
    res.setHeader('content-type', 'text/plain');
    res.end(JSON.stringify({ openid: `o-scan-${code}`, session_key: SESSION_KEY }));
  });
  await new Promise<void>((resolve) => wechat.listen(0, '127.0.0.1', resolve));
  const config = testConfig({
    WECHAT_PROVIDER: 'wechat',
    WECHAT_API_BASE: `http://127.0.0.1:${(wechat.address() as AddressInfo).port}`,
  });
  const sink = new Writable({ write(chunk, _encoding, done) { logged.push(String(chunk)); done(); } });
  runtime = await createApiRuntime(config, createLogger('debug', sink));
  await new Promise<void>((resolve) => runtime.httpServer.listen(0, '127.0.0.1', resolve));
  api = {
    runtime,
    config,
    url: `http://127.0.0.1:${(runtime.httpServer.address() as AddressInfo).port}`,
    stop: async () => {
      await runtime.close();
      await dropTestState(config);
    },
  };
});
afterAll(async () => {
  await api.stop();
  await new Promise((resolve) => wechat.close(resolve));
});

async function aDayOfAVolunteer(): Promise<void> {
  const wx = remember('wechat login', await request(api.url).post('/api/v1/auth/wechat').send({ code: 'scan-day-1' }));
  expect(wx.status).toBe(200);

  remember('sms request', await request(api.url).post('/api/v1/auth/sms/request').send({ phone: PHONE }).expect(204));
  const code = smsInbox(api).lastCodeFor(PHONE)!;
  const sms = remember('sms verify', await request(api.url).post('/api/v1/auth/sms/verify').send({ phone: PHONE, code }).expect(200));
  const volunteer: TestUser = { id: '', token: sms.body.accessToken };

  remember('profile put', await request(api.url).put('/api/v1/me/volunteer-profile').set(bearer(volunteer))
    .send(aVolunteerProfileBody({ residentId: RESIDENT_ID, phone: PHONE, birthDate: '1988-03-09' })).expect(200));
  const mine = remember('profile get', await request(api.url).get('/api/v1/me/volunteer-profile').set(bearer(volunteer)).expect(200));
  const me = remember('me', await request(api.url).get('/api/v1/me').set(bearer(volunteer)));
  const userId: string = mine.body.userId ?? me.body.id;

  const staff = await aCommunityStaff(api, COMMUNITY);
  const need = await request(api.url).post('/api/v1/needs').set(bearer(staff)).send(aNeedBody({ shifts: [aShift(30 * 3_600_000, 3)] })).expect(201);
  const enrolled = remember('sign-up', await request(api.url)
    .post(`/api/v1/needs/${need.body.id}/shifts/${need.body.shifts[0].id}/enrollments`).set(bearer(volunteer)).send({}));
  expect(enrolled.status).toBe(201);
  remember('my enrollments', await request(api.url).get('/api/v1/me/enrollments').set(bearer(volunteer)).expect(200));
  remember('staff views volunteer', await request(api.url).get(`/api/v1/volunteers/${userId}`).set(bearer(staff)));
  remember('notifications', await request(api.url).get('/api/v1/me/notifications').set(bearer(volunteer)));

  const world = await aCharity(api);
  const campaignId = await aLiveCampaign(api, world);
  const donation = remember('donate', await request(api.url).post(`/api/v1/campaigns/${campaignId}/donations`)
    .set(bearer(volunteer)).set('idempotency-key', 'scan-donation-0001').send({ amountFen: 2000, anonymous: false, message: '加油' }));
  expect(donation.status).toBe(201);
  remember('pay', await request(api.url).post(`/api/v1/payments/sandbox/${donation.body.id}/pay`).set(bearer(volunteer)).send());
  await eventually(async () => {
    const page = remember('campaign', await request(api.url).get(`/api/v1/campaigns/${campaignId}`).set(bearer(volunteer)).expect(200));
    expect(page.body.raisedFen ?? page.body.tally?.raisedFen).toBeGreaterThan(0);
  }, 10_000);
  remember('my donations', await request(api.url).get('/api/v1/me/donations').set(bearer(volunteer)));
}

/** Every value stored under this test's Redis prefix, whatever its type, as text. */
async function redisText(): Promise<Array<{ key: string; text: string }>> {
  const redis = new Redis(api.config.REDIS_URL);
  const out: Array<{ key: string; text: string }> = [];
  try {
    let cursor = '0';
    do {
      const [next, keys] = await redis.scan(cursor, 'MATCH', `${api.config.REDIS_PREFIX}:*`, 'COUNT', 1000);
      cursor = next;
      for (const key of keys) {
        const type = await redis.type(key);
        const value =
          type === 'string' ? await redis.get(key)
          : type === 'hash' ? await redis.hgetall(key)
          : type === 'list' ? await redis.lrange(key, 0, -1)
          : type === 'set' ? await redis.smembers(key)
          : type === 'zset' ? await redis.zrange(key, 0, -1, 'WITHSCORES')
          : type === 'stream' ? await redis.xrange(key, '-', '+')
          : null;
        out.push({ key, text: `${key} ${JSON.stringify(value)}` });
      }
    } while (cursor !== '0');
  } finally {
    redis.disconnect();
  }
  return out;
}

/** Every document of every collection in this test's database, as text. */
async function storeText(): Promise<Array<{ key: string; text: string }>> {
  const db = runtime.infra.connection.db!;
  const out: Array<{ key: string; text: string }> = [];
  for (const { name } of await db.listCollections().toArray()) {
    for (const doc of await db.collection(name).find({}).toArray()) out.push({ key: `${name}/${String(doc._id)}`, text: JSON.stringify(doc) });
  }
  return out;
}

function leaks(places: Array<{ key: string; text: string }>): string[] {
  const found: string[] = [];
  for (const { key, text } of places) {
    for (const [name, secret] of Object.entries(SECRETS)) if (text.includes(secret)) found.push(`${name} in ${key}`);
  }
  return found;
}

describe('personal data after a volunteer\'s day', () => {
  beforeAll(async () => {
    await aDayOfAVolunteer();
    // Let reminders, notices and tally work land in Redis and the store before scanning.
    await new Promise((resolve) => setTimeout(resolve, 1500));
  });

  it('the day really ran: responses, logs, Redis keys and stored documents exist to scan', async () => {
    expect(responses.length).toBeGreaterThanOrEqual(14);
    expect(logged.length).toBeGreaterThan(10);
    expect((await redisText()).some(({ key }) => key.includes(':bull:'))).toBe(true);
    expect((await storeText()).some(({ key }) => key.startsWith('volunteer_profiles/'))).toBe(true);
  });

  it('no response carries the plain ID number, the full phone or the session_key; the profile shows them masked', () => {
    expect(leaks(responses.map(({ what, text }) => ({ key: what, text })))).toEqual([]);
    const profile = responses.find(({ what }) => what === 'profile get')!.text;
    expect(profile).toContain(`${RESIDENT_ID.slice(0, 4)}**********${RESIDENT_ID.slice(-4)}`);
  });

  it('no log line carries them', () => {
    expect(leaks(logged.map((text, i) => ({ key: `log line ${i}`, text })))).toEqual([]);
  });

  it('no Redis key or value carries them, BullMQ job data included', async () => {
    expect(leaks(await redisText())).toEqual([]);
  });

  it('the store holds none of them in plain text', async () => {
    expect(leaks(await storeText())).toEqual([]);
  });
});
