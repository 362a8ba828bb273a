import request from 'supertest';
import { startTestApi, type TestApi } from '../../helpers/test-api';
import { aUser, bearer } from '../../fixtures/users';
import { aCreditCode, anOrganizationBody } from '../campaigns/campaign-fixtures';

let api: TestApi;

beforeAll(async () => {
  api = await startTestApi();
});
afterAll(() => api.stop());

describe('POST /api/v1/organizations', () => {
  it('when a city admin registers an organization, then it is listed with its qualification and grade', async () => {
    const admin = await aUser(api, ['city_admin']);
    const body = anOrganizationBody();
    const created = await request(api.url).post('/api/v1/organizations').set(bearer(admin)).send(body);
    expect(created.status).toBe(201);
    expect(created.body).toMatchObject({
      name: body.name, creditCode: body.creditCode, type: 'foundation', grade: '4A', status: 'active', canFundraise: true,
      fundraisingQualification: { recordNumber: '川民公募2024001' }, contact: { name: '王老师' },
    });
    const listed = await request(api.url).get('/api/v1/organizations?type=foundation').set(bearer(admin)).expect(200);
    expect(listed.body.items.map((o: { id: string }) => o.id)).toContain(created.body.id);
  });

  it('when the same credit code is registered twice, even concurrently, then one wins and the others hear CREDIT_CODE_TAKEN', async () => {
    const admin = await aUser(api, ['district_admin'], { districtCode: '510104' });
    const creditCode = aCreditCode('social_group');
    const answers = await Promise.all([1, 2, 3].map(() =>
      request(api.url).post('/api/v1/organizations').set(bearer(admin)).send(anOrganizationBody({ type: 'social_group', creditCode }))));
    expect(answers.map((a) => a.status).sort()).toEqual([201, 409, 409]);
    expect(answers.filter((a) => a.status === 409).every((a) => a.body.code === 'CREDIT_CODE_TAKEN')).toBe(true);
  });

  it('when the check character is wrong, then the answer is 400 with a Chinese message on creditCode', async () => {
    const admin = await aUser(api, ['city_admin']);
    const good = aCreditCode();
    const bad = good.slice(0, 17) + (good[17] === '0' ? '1' : '0');
    const res = await request(api.url).post('/api/v1/organizations').set(bearer(admin)).send(anOrganizationBody({ creditCode: bad }));
    expect(res.status).toBe(400);
    expect(res.body.errors).toEqual([{ path: 'creditCode', message: '统一社会信用代码不正确（校验位不符）' }]);
  });

  it('when an org admin or a donor tries to register one, then 403', async () => {
    for (const roles of [['org_admin'], ['donor']] as const) {
      const user = await aUser(api, [...roles]);
      expect((await request(api.url).post('/api/v1/organizations').set(bearer(user)).send(anOrganizationBody())).status).toBe(403);
    }
  });
});

describe('PATCH /api/v1/organizations/:id', () => {
  it('when an org admin edits their own organization, then yes; another one, or its status, then 403', async () => {
    const admin = await aUser(api, ['city_admin']);
    const mine = (await request(api.url).post('/api/v1/organizations').set(bearer(admin)).send(anOrganizationBody()).expect(201)).body.id;
    const theirs = (await request(api.url).post('/api/v1/organizations').set(bearer(admin)).send(anOrganizationBody()).expect(201)).body.id;
    const orgAdmin = await aUser(api, ['org_admin'], { organizationId: mine });

    const edited = await request(api.url).patch(`/api/v1/organizations/${mine}`).set(bearer(orgAdmin)).send({ grade: '5A', fundraisingQualification: null });
    expect(edited.status).toBe(200);
    expect(edited.body).toMatchObject({ grade: '5A', fundraisingQualification: null, canFundraise: false });
    expect((await request(api.url).patch(`/api/v1/organizations/${theirs}`).set(bearer(orgAdmin)).send({ grade: '1A' })).status).toBe(403);
    expect((await request(api.url).patch(`/api/v1/organizations/${mine}`).set(bearer(orgAdmin)).send({ status: 'suspended' })).status).toBe(403);

    const suspended = await request(api.url).patch(`/api/v1/organizations/${theirs}`).set(bearer(admin)).send({ status: 'suspended' });
    expect(suspended.body).toMatchObject({ status: 'suspended', canFundraise: false });
  });

  it('when a donor reads an organization, then the contact is not shown', async () => {
    const admin = await aUser(api, ['city_admin']);
    const id = (await request(api.url).post('/api/v1/organizations').set(bearer(admin)).send(anOrganizationBody()).expect(201)).body.id;
    const donor = await aUser(api, ['donor']);
    const seen = await request(api.url).get(`/api/v1/organizations/${id}`).set(bearer(donor)).expect(200);
    expect(seen.body.contact).toBeUndefined();
    expect(seen.body.creditCode).toHaveLength(18);
  });
});
