import request from 'supertest';
import { startTestApi, type TestApi } from '../../helpers/test-api';
import { aNeedBody, aShift, COMMUNITY, OTHER_COMMUNITY } from '../../fixtures/needs';
import { aCommunityStaff, aUser, aVolunteer, bearer, type TestUser } from '../../fixtures/users';

let api: TestApi;
let staff: TestUser;
let volunteer: TestUser;

beforeAll(async () => {
  api = await startTestApi();
  staff = await aCommunityStaff(api, COMMUNITY);
  volunteer = await aVolunteer(api);
});
afterAll(() => api.stop());


async function countNeeds(): Promise<number> {
  return api.runtime.infra.connection.collection('needs').countDocuments({});
}

describe('POST /api/v1/needs', () => {
  it('when community staff post a valid need in their community, then it is created open with its shifts', async () => {
    const res = await request(api.url).post('/api/v1/needs').set(bearer(staff)).send(aNeedBody());
    expect(res.status).toBe(201);
    expect(res.body).toMatchObject({ title: '陪伴独居老人散步', status: 'open', communityCode: COMMUNITY });
    expect(res.body.communityName).toMatch(/社区|村/);
    expect(res.body.shifts).toHaveLength(1);
    expect(res.body.shifts[0]).toMatchObject({ capacity: 2, enrolled: 0, slotsLeft: 2 });
  });

  it('when the body is invalid, then 400 problem+json lists every bad field in Chinese', async () => {
    const res = await request(api.url).post('/api/v1/needs').set(bearer(staff))
      .send({ ...aNeedBody(), title: 'x', shifts: [{ ...aShift(3_600_000), capacity: 0 }], category: 'nope' });
    expect(res.status).toBe(400);
    expect(res.headers['content-type']).toMatch(/application\/problem\+json/);
    expect(res.body.code).toBe('VALIDATION_FAILED');
    const paths = res.body.errors.map((e: { path: string }) => e.path);
    expect(paths).toEqual(expect.arrayContaining(['title', 'category', 'shifts.0.capacity']));
    expect(res.body.errors.find((e: { path: string }) => e.path === 'title').message).toBe('标题至少 2 个字');
  });

  it('when the title is a Mongo operator, then 400 and nothing is stored', async () => {
    const before = await countNeeds();
    const res = await request(api.url).post('/api/v1/needs').set(bearer(staff)).send({ ...aNeedBody(), title: { $gt: '' } });
    expect(res.status).toBe(400);
    expect(res.body.code).toBe('VALIDATION_FAILED');
    expect(await countNeeds()).toBe(before);
  });

  it('when the body has an unknown field or a prototype key, then 400 and nothing is stored', async () => {
    const before = await countNeeds();
    const unknown = await request(api.url).post('/api/v1/needs').set(bearer(staff)).send({ ...aNeedBody(), status: 'completed' });
    expect(unknown.status).toBe(400);
    expect(unknown.body.errors[0].message).toContain('status');
    const polluted = await request(api.url).post('/api/v1/needs').set(bearer(staff)).set('content-type', 'application/json')
      .send(JSON.stringify({ ...aNeedBody() }).replace('{', '{"__proto__":{"admin":true},'));
    expect(polluted.status).toBe(400);
    expect(await countNeeds()).toBe(before);
  });

  it('when there is no token, then 401', async () => {
    const res = await request(api.url).post('/api/v1/needs').send(aNeedBody());
    expect(res.status).toBe(401);
    expect(res.body.code).toBe('UNAUTHENTICATED');
    expect(res.body.title).toBe('请先登录');
  });

  it('when a volunteer posts a need, then 403', async () => {
    const res = await request(api.url).post('/api/v1/needs').set(bearer(volunteer)).send(aNeedBody());
    expect(res.status).toBe(403);
    expect(res.body.code).toBe('FORBIDDEN');
  });

  it("when staff post into another community, then 403 and a district admin of that district may", async () => {
    const res = await request(api.url).post('/api/v1/needs').set(bearer(staff)).send(aNeedBody({ communityCode: OTHER_COMMUNITY }));
    expect(res.status).toBe(403);
    const districtAdmin = await aUser(api, ['district_admin'], { districtCode: '510104' });
    const ok = await request(api.url).post('/api/v1/needs').set(bearer(districtAdmin)).send(aNeedBody({ communityCode: OTHER_COMMUNITY }));
    expect(ok.status).toBe(201);
  });

  it('when a shift starts in the past, then 400 on that shift', async () => {
    const res = await request(api.url).post('/api/v1/needs').set(bearer(staff)).send(aNeedBody({ shifts: [aShift(-3_600_000)] }));
    expect(res.status).toBe(400);
    expect(res.body.errors[0]).toEqual({ path: 'shifts.0.startsAt', message: '开始时间须晚于现在' });
  });
});

describe('GET /api/v1/needs', () => {
  it('when listing, then open needs come soonest first with a working cursor', async () => {
    for (const [title, hours] of [['需求甲', 3], ['需求乙', 2], ['需求丙', 1]] as const) {
      await request(api.url).post('/api/v1/needs').set(bearer(staff)).send(aNeedBody({ title, shifts: [aShift(hours * 3_600_000)] })).expect(201);
    }
    const first = await request(api.url).get('/api/v1/needs?limit=2').set(bearer(volunteer));
    expect(first.status).toBe(200);
    expect(first.body.items.map((n: { title: string }) => n.title)).toEqual(['需求丙', '需求乙']);
    const second = await request(api.url).get(`/api/v1/needs?limit=2&cursor=${first.body.nextCursor}`).set(bearer(volunteer));
    expect(second.body.items[0].title).toBe('需求甲');
  });

  it('when a query smuggles an operator or an unknown filter, then 400 instead of returning everything', async () => {
    for (const query of ['limit[$gt]=0', 'communityCode[$ne]=x', 'comunityCode=510104001001', 'limit=abc']) {
      const res = await request(api.url).get(`/api/v1/needs?${query}`).set(bearer(volunteer));
      expect({ query, status: res.status, code: res.body.code }).toEqual({ query, status: 400, code: 'VALIDATION_FAILED' });
    }
  });

  it('when the id is not an ObjectId or unknown, then 400 or 404', async () => {
    expect((await request(api.url).get('/api/v1/needs/abc').set(bearer(volunteer))).status).toBe(400);
    const missing = await request(api.url).get('/api/v1/needs/0123456789abcdef01234567').set(bearer(volunteer));
    expect(missing.status).toBe(404);
    expect(missing.body.code).toBe('NOT_FOUND');
  });
});
