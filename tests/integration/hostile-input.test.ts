import request from 'supertest';
import { startTestApi, type TestApi } from '../helpers/test-api';
import { aNeedBody, COMMUNITY } from '../fixtures/needs';
import { aCommunityStaff, aVolunteer, bearer, type TestUser } from '../fixtures/users';

// Hostile input at every door: each case must be answered 4xx problem+json with a stable code,
// store nothing, and leave the process serving. The collections watched below must not grow.

let api: TestApi;
let staff: TestUser;
let volunteer: TestUser;

beforeAll(async () => {
  api = await startTestApi();
  staff = await aCommunityStaff(api, COMMUNITY);
  volunteer = await aVolunteer(api);
});
afterAll(() => api.stop());

const WATCHED = ['needs', 'shift_seats', 'enrollments', 'volunteer_profiles', 'donations'];

async function storedCounts(): Promise<Record<string, number>> {
  const db = api.runtime.infra.connection.db!;
  const counts: Record<string, number> = {};
  for (const name of WATCHED) counts[name] = await db.collection(name).countDocuments();
  return counts;
}

function expectProblem(res: request.Response, status: number | RegExp): void {
  if (typeof status === 'number') expect(res.status).toBe(status);
  else expect(String(res.status)).toMatch(status);
  expect(res.headers['content-type']).toMatch(/application\/problem\+json/);
  expect(typeof res.body.code).toBe('string');
  expect(res.body.title).toMatch(/[\u4e00-\u9fa5]/);
}

const rawJson = (path: string, who: TestUser, body: string) =>
  request(api.url).post(path).set(bearer(who)).set('content-type', 'application/json').send(body);

/** Sends bytes exactly as given (supertest would serialize a Buffer as JSON). */
async function rawBytes(path: string, who: TestUser, body: Buffer): Promise<{ status: number; headers: Record<string, string>; body: { code?: string; title?: string; detail?: string } }> {
  const res = await fetch(`${api.url}${path}`, { method: 'POST', headers: { ...bearer(who), 'content-type': 'application/json' }, body });
  return { status: res.status, headers: Object.fromEntries(res.headers), body: await res.json() as { code?: string } };
}

const BODY_CASES: Array<[string, () => request.Test]> = [
  ['a Mongo operator as a value', () => request(api.url).post('/api/v1/needs').set(bearer(staff)).send({ ...aNeedBody(), title: { $gt: '' } })],
  ['a Mongo operator as a key', () => request(api.url).post('/api/v1/needs').set(bearer(staff)).send({ ...aNeedBody(), $where: 'sleep(1000)' })],
  ['__proto__ pollution', () => rawJson('/api/v1/needs', staff, `{"__proto__":{"isAdmin":true},${JSON.stringify(aNeedBody()).slice(1)}`)],
  ['constructor.prototype pollution', () => request(api.url).post('/api/v1/needs').set(bearer(staff)).send({ ...aNeedBody(), constructor: { prototype: { isAdmin: true } } })],
  ['a dotted key', () => request(api.url).post('/api/v1/needs').set(bearer(staff)).send({ ...aNeedBody(), 'location.lat': 1 })],
  ['an unknown field (mass assignment of status)', () => request(api.url).post('/api/v1/needs').set(bearer(staff)).send({ ...aNeedBody(), status: 'completed' })],
  ['a huge capacity', () => request(api.url).post('/api/v1/needs').set(bearer(staff)).send(aNeedBody({ shifts: [{ ...aNeedBody().shifts[0]!, capacity: 1e308 }] }))],
  ['a fractional capacity', () => request(api.url).post('/api/v1/needs').set(bearer(staff)).send(aNeedBody({ shifts: [{ ...aNeedBody().shifts[0]!, capacity: 2.5 }] }))],
  ['an oversize title', () => request(api.url).post('/api/v1/needs').set(bearer(staff)).send(aNeedBody({ title: '长'.repeat(5000) }))],
  ['a wrong type', () => request(api.url).post('/api/v1/needs').set(bearer(staff)).send({ ...aNeedBody(), requiredSkills: 'elderly_care' })],
  ['malformed JSON', () => rawJson('/api/v1/needs', staff, '{"title":')],
  ['a JSON scalar instead of an object', () => rawJson('/api/v1/needs', staff, '"just a string"')],
  ['a form body', () => request(api.url).post('/api/v1/needs').set(bearer(staff)).type('form').send('title=x')],
  ['an XML body', () => request(api.url).post('/api/v1/needs').set(bearer(staff)).set('content-type', 'application/xml').send('<need/>')],
  ['an operator in the profile ID number', () => request(api.url).put('/api/v1/me/volunteer-profile').set(bearer(volunteer)).send({ idNumber: { $ne: null } })],
  ['NaN-like amount as a string', () => request(api.url).post('/api/v1/campaigns/0123456789abcdef01234567/donations').set(bearer(volunteer)).set('idempotency-key', 'hostile-key-0001').send({ amountFen: 'NaN' })],
];

const QUERY_CASES: Array<[string, string]> = [
  ['an operator in a query key', '/api/v1/needs?radiusKm[$gt]=0'],
  ['a bracketed object in a query key', '/api/v1/needs?near[lat]=30.6'],
  ['a misspelled filter', '/api/v1/needs?districtcode=510104'],
  ['an infinite limit', '/api/v1/needs?limit=1e400'],
  ['a NaN radius', '/api/v1/needs?near=30.6,104.06&radiusKm=NaN'],
  ['a repeated enum parameter', '/api/v1/needs?category=elderly_visit&category=other'],
  ['coordinates outside the city', '/api/v1/needs?near=91,400'],
  ['a forged cursor', '/api/v1/needs?cursor=$$$$'],
  ['an operator as a path id', '/api/v1/needs/%7B%22%24gt%22%3A%22%22%7D'],
  ['a traversal as a path id', '/api/v1/needs/..%2F..%2Fetc%2Fpasswd'],
];

describe('hostile bodies', () => {
  it.each(BODY_CASES)('when the body carries %s, then 4xx problem+json and nothing is stored', async (_name, send) => {
    const before = await storedCounts();
    const res = await send();
    expectProblem(res, /^4\d\d$/);
    expect(await storedCounts()).toEqual(before);
  });
});

describe('invalid UTF-8', () => {
  it('is refused as malformed with a Chinese detail, rather than stored with replacement characters', async () => {
    const before = await storedCounts();
    const needWithBadBytes = Buffer.concat([Buffer.from(JSON.stringify(aNeedBody()).slice(0, -1) + ',"title":"'), Buffer.from([0xc3, 0x28, 0xff]), Buffer.from('"}')]);
    const res = await rawBytes('/api/v1/needs', staff, needWithBadBytes);
    expectProblem(res as unknown as request.Response, 400);
    expect(await storedCounts()).toEqual(before);
    expect(res.body).toMatchObject({ code: 'MALFORMED_JSON', detail: '请求内容不是有效的 UTF-8 编码' });
  });
});

describe('hostile query strings and path ids', () => {
  it.each(QUERY_CASES)('when asked with %s, then 400 problem+json', async (_name, path) => {
    const res = await request(api.url).get(path).set(bearer(staff));
    expectProblem(res, 400);
  });
});

describe('afterwards', () => {
  it('the process still serves: health is green and a valid need is created', async () => {
    await request(api.url).get('/healthz').expect(200);
    await request(api.url).post('/api/v1/needs').set(bearer(staff)).send(aNeedBody()).expect(201);
    expect(({} as Record<string, unknown>).isAdmin).toBeUndefined();
  });
});
