import request from 'supertest';
import { Types } from 'mongoose';
import { findRegion, regionTree, shanghaiDayOf, type CreateRuralProjectBody } from '@tongxin/shared';
import { startTestApi, type TestApi } from '../../helpers/test-api';
import { expectInvariants } from '../../helpers/invariants';
import { aUser, bearer, type TestUser } from '../../fixtures/users';
import { aNeedBody } from '../../fixtures/needs';
import { aCampaignBody, aCharity, aLiveCampaign, type CharityWorld } from '../campaigns/campaign-fixtures';
import { BulkWriter } from '../../../scripts/city/bulk-writer';
import { CityRandom } from '../../../scripts/city/random';
import { generateRuralProjects } from '../../../scripts/city/rural-projects';

let api: TestApi;
let charity: CharityWorld;
let otherCharity: CharityWorld;
let districtAdmin: TestUser;
let otherDistrictAdmin: TestUser;
let volunteer: TestUser;

/** Villages (村) of one rural county (金堂县 510121) and of another (大邑县 510129). */
const villages = (division: string) => regionTree().filter((r) => r.level === 'community' && r.code.startsWith(division) && r.name.endsWith('村'));
const VILLAGE = villages('510121')[0]!;
const SECOND_VILLAGE = villages('510121').find((v) => v.parentCode !== VILLAGE.parentCode)!;
const FAR_VILLAGE = villages('510129')[0]!;

function aProjectBody(organizationId: string, overrides: Partial<CreateRuralProjectBody> = {}): CreateRuralProjectBody {
  return {
    title: '金堂县柑橘电商助农',
    category: 'ecommerce',
    description: '帮助村民开设网店，培训直播带货，拓宽柑橘销路。',
    regionCode: VILLAGE.code,
    organizationId,
    ...overrides,
  };
}

beforeAll(async () => {
  api = await startTestApi();
  charity = await aCharity(api);
  otherCharity = await aCharity(api, { name: '成都市乡村发展促进会' });
  districtAdmin = await aUser(api, ['district_admin'], { districtCode: '510121' });
  otherDistrictAdmin = await aUser(api, ['district_admin'], { districtCode: '510104' });
  volunteer = await aUser(api, ['volunteer']);
});
afterAll(() => api.stop());

const post = (user: TestUser, path: string, body: object) => request(api.url).post(path).set(bearer(user)).send(body);

describe('POST /api/v1/rural-projects', () => {
  it('when the organization admin registers a project in a village, then it is planning, placed at the village and audited', async () => {
    const res = await post(charity.orgAdmin, '/api/v1/rural-projects', aProjectBody(charity.organizationId)).expect(201);
    expect(res.body).toMatchObject({
      status: 'planning', statusLabel: '筹备中', category: 'ecommerce', categoryLabel: '电商助农', districtCode: '510121',
      regionCode: VILLAGE.code, location: { lat: VILLAGE.centre[0], lng: VILLAGE.centre[1] }, organizationId: charity.organizationId,
    });
    expect(res.body.regionPath).toBe(`金堂县 / ${findRegion(VILLAGE.parentCode!)!.name} / ${VILLAGE.name}`);
    const audit = await request(api.url).get('/api/v1/audit').query({ subjectType: 'rural-project', subjectId: res.body.id }).set(bearer(charity.cityAdmin)).expect(200);
    expect(audit.body.items.map((e: { action: string }) => e.action)).toEqual(['rural-project:create']);
  });

  it('when the county\'s district admin registers one for an organization, then it is allowed; another county\'s admin, another organization\'s admin or a volunteer is refused', async () => {
    await post(districtAdmin, '/api/v1/rural-projects', aProjectBody(charity.organizationId, { regionCode: VILLAGE.parentCode! })).expect(201);
    for (const user of [otherDistrictAdmin, otherCharity.orgAdmin, volunteer]) {
      const refused = await post(user, '/api/v1/rural-projects', aProjectBody(charity.organizationId));
      expect(refused.status).toBe(403);
      expect(refused.headers['content-type']).toMatch(/application\/problem\+json/);
    }
  });

  it('when the body is bad (city-district code, unknown field, unknown village, short description), then 400 with field errors', async () => {
    const cases: Array<[object, string]> = [
      [aProjectBody(charity.organizationId, { regionCode: '510121' }), 'regionCode'],
      [{ ...aProjectBody(charity.organizationId), budget: 1 }, ''],
      [aProjectBody(charity.organizationId, { regionCode: '510121999999' }), 'regionCode'],
      [aProjectBody(charity.organizationId, { description: '太短' }), 'description'],
      [aProjectBody(charity.organizationId, { category: 'mining' as never }), 'category'],
    ];
    for (const [body, path] of cases) {
      const res = await post(charity.orgAdmin, '/api/v1/rural-projects', body).expect(400);
      expect(res.body.code).toBe('VALIDATION_FAILED');
      if (path) expect(res.body.errors.map((e: { path: string }) => e.path)).toContain(path);
    }
    expect((await post(charity.cityAdmin, '/api/v1/rural-projects', aProjectBody(new Types.ObjectId().toHexString()))).status).toBe(404);
  });
});

describe('editing, status and progress', () => {
  it('when managers edit, move and report, then others are refused both ways and transitions follow the table', async () => {
    const project = (await post(charity.orgAdmin, '/api/v1/rural-projects', aProjectBody(charity.organizationId)).expect(201)).body;
    const path = `/api/v1/rural-projects/${project.id}`;
    for (const user of [otherCharity.orgAdmin, otherDistrictAdmin, volunteer]) {
      expect((await request(api.url).patch(path).set(bearer(user)).send({ title: '改个名字试试' })).status).toBe(403);
      expect((await post(user, `${path}/transitions`, { to: 'active' })).status).toBe(403);
      expect((await post(user, `${path}/progress`, { date: shanghaiDayOf(new Date()), text: '完成第一批培训' })).status).toBe(403);
    }
    const edited = await request(api.url).patch(path).set(bearer(districtAdmin)).send({ title: '金堂县柑橘电商助农二期' }).expect(200);
    expect(edited.body.title).toBe('金堂县柑橘电商助农二期');
    // Moving the project to another county needs the right to manage it there: the first county's admin may not.
    expect((await request(api.url).patch(path).set(bearer(districtAdmin)).send({ regionCode: FAR_VILLAGE.code })).status).toBe(403);

    expect((await post(charity.orgAdmin, `${path}/transitions`, { to: 'completed' })).body.code).toBe('RURAL_PROJECT_TRANSITION_INVALID');
    await post(charity.orgAdmin, `${path}/transitions`, { to: 'active' }).expect(200);
    await post(districtAdmin, `${path}/transitions`, { to: 'suspended', note: '汛期暂停' }).expect(200);
    await post(charity.orgAdmin, `${path}/transitions`, { to: 'active' }).expect(200);

    const tomorrow = shanghaiDayOf(new Date(Date.now() + 86_400_000));
    expect((await post(charity.orgAdmin, `${path}/progress`, { date: tomorrow, text: '提前写的进展' })).status).toBe(400);
    await post(charity.orgAdmin, `${path}/progress`, { date: '2026-10-01', text: '开设 12 家网店', figures: [{ label: '开设网店', value: 12, unit: '家' }] }).expect(201);
    await post(charity.orgAdmin, `${path}/progress`, { date: '2026-11-01', text: '帮销柑橘', figures: [{ label: '帮销柑橘', value: 12000, unit: '斤' }] }).expect(201);
    const detail = await request(api.url).get(path).set(bearer(volunteer)).expect(200);
    expect(detail.body).toMatchObject({ status: 'active', lastProgressOn: '2026-11-01', canManage: false, organizationName: '成都市同心公益基金会' });
    expect(detail.body.progress.map((p: { date: string }) => p.date)).toEqual(['2026-11-01', '2026-10-01']);
    expect(detail.body.progress[0].figures).toEqual([{ label: '帮销柑橘', value: 12000, unit: '斤' }]);
    expect((await request(api.url).get(path).set(bearer(charity.orgAdmin)).expect(200)).body.canManage).toBe(true);
  });
});

describe('linked needs and campaigns', () => {
  it('when managers link needs in the project\'s village and the organization links a campaign, then the project shows both; others cannot link', async () => {
    const project = (await post(charity.orgAdmin, '/api/v1/rural-projects', aProjectBody(charity.organizationId)).expect(201)).body;
    const need = aNeedBody({ title: '柑橘直播带货志愿者', category: 'rural_revitalization', requiredSkills: [], communityCode: VILLAGE.code, ruralProjectId: project.id });
    const villageStaff = await aUser(api, ['community_staff'], { communityCode: VILLAGE.code });

    expect((await post(villageStaff, '/api/v1/needs', need)).status).toBe(403);
    expect((await post(charity.orgAdmin, '/api/v1/needs', { ...need, communityCode: SECOND_VILLAGE.code })).status).toBe(400);
    const created = await post(charity.orgAdmin, '/api/v1/needs', need).expect(201);
    expect(created.body.ruralProjectId).toBe(project.id);
    await post(districtAdmin, '/api/v1/needs', { ...need, title: '村小支教志愿者' }).expect(201);
    await post(villageStaff, '/api/v1/needs', { ...need, ruralProjectId: undefined, title: '不属于项目的需求' }).expect(201);

    expect((await post(otherCharity.orgAdmin, '/api/v1/campaigns', aCampaignBody(otherCharity.organizationId, { ruralProjectId: project.id }))).status).toBe(403);
    const campaignId = await aLiveCampaign(api, charity, { title: '金堂柑橘冷链仓建设', category: 'rural_revitalization', ruralProjectId: project.id });
    await aLiveCampaign(api, charity, { title: '与项目无关的募捐' });

    const detail = await request(api.url).get(`/api/v1/rural-projects/${project.id}`).set(bearer(volunteer)).expect(200);
    expect(detail.body.needs.map((n: { title: string }) => n.title).sort()).toEqual(['村小支教志愿者', '柑橘直播带货志愿者']);
    expect(detail.body.campaigns.map((c: { id: string }) => c.id)).toEqual([campaignId]);
    const search = await request(api.url).get('/api/v1/needs').query({ ruralProjectId: project.id }).set(bearer(volunteer)).expect(200);
    expect(search.body.items).toHaveLength(2);

    await post(charity.orgAdmin, `/api/v1/rural-projects/${project.id}/transitions`, { to: 'active' }).expect(200);
    await post(charity.orgAdmin, `/api/v1/rural-projects/${project.id}/transitions`, { to: 'completed' }).expect(200);
    expect((await post(charity.orgAdmin, '/api/v1/needs', need)).body.code).toBe('RURAL_PROJECT_CLOSED');
    expect((await post(charity.orgAdmin, '/api/v1/needs', { ...need, ruralProjectId: new Types.ObjectId().toHexString() })).status).toBe(400);
  });
});

describe('GET /api/v1/rural-projects', () => {
  it('when listing by county, category and distance with a small page, then the pages are disjoint, complete and ordered', async () => {
    const org = await aCharity(api, { name: '乡村振兴名单测试会' });
    const made: string[] = [];
    for (const [i, village] of [VILLAGE, SECOND_VILLAGE, FAR_VILLAGE, VILLAGE].entries()) {
      const body = aProjectBody(org.organizationId, { regionCode: village.code, category: i === 3 ? 'medical' : 'education', title: `名单测试项目${i}` });
      made.push((await post(org.orgAdmin, '/api/v1/rural-projects', body).expect(201)).body.id);
    }
    const list = async (query: Record<string, string | number>) => {
      const ids: string[] = [];
      let cursor: string | null = null;
      do {
        const res: request.Response = await request(api.url).get('/api/v1/rural-projects')
          .query({ ...query, organizationId: org.organizationId, limit: 1, ...(cursor ? { cursor } : {}) }).set(bearer(volunteer)).expect(200);
        ids.push(...res.body.items.map((p: { id: string }) => p.id));
        cursor = res.body.nextCursor;
      } while (cursor);
      return ids;
    };
    expect(await list({})).toEqual([...made].reverse());
    expect(await list({ districtCode: '510121' })).toEqual([made[3], made[1], made[0]]);
    expect(await list({ category: 'medical' })).toEqual([made[3]]);
    const near = `${FAR_VILLAGE.centre[0]},${FAR_VILLAGE.centre[1]}`;
    const nearest = await request(api.url).get('/api/v1/rural-projects').query({ organizationId: org.organizationId, near, radiusKm: 200 }).set(bearer(volunteer)).expect(200);
    expect(nearest.body.items[0]).toMatchObject({ id: made[2], distanceKm: 0 });
    expect(nearest.body.items.map((p: { distanceKm: number }) => p.distanceKm)).toEqual([...nearest.body.items.map((p: { distanceKm: number }) => p.distanceKm)].sort((a, b) => a - b));
    expect(await list({ near, radiusKm: 5 })).toEqual([made[2]]);

    const bad = await request(api.url).get('/api/v1/rural-projects').query({ cursor: 'bm90LWEtY3Vyc29y' }).set(bearer(volunteer));
    expect(bad.status).toBe(400);
    expect((await request(api.url).get('/api/v1/rural-projects').query({ sort: 'nearest' }).set(bearer(volunteer))).status).toBe(400);
    expect((await request(api.url).get('/api/v1/rural-projects').query({ districtCode: '510121', $where: '1' }).set(bearer(volunteer))).status).toBe(400);
    expect((await request(api.url).get('/api/v1/rural-projects')).status).toBe(401);
    await expectInvariants(api);
  });
});

describe('synthetic city', () => {
  it('when the generator writes rural projects, then the API lists and shows them with progress and linked campaigns readable', async () => {
    const db = api.runtime.infra.connection.db!;
    const writer = new BulkWriter(db, { batchSize: 50 });
    const organizationId = new Types.ObjectId();
    const projects = await generateRuralProjects(new CityRandom(3).fork('rural-projects'), writer, [{ id: organizationId, adminId: new Types.ObjectId(), districtCode: '510121' }], new Date());
    await writer.flush();
    const { id } = projects.get(organizationId.toHexString())!;
    const listed = await request(api.url).get('/api/v1/rural-projects').query({ organizationId: organizationId.toHexString() }).set(bearer(volunteer)).expect(200);
    expect(listed.body.items.map((p: { id: string }) => p.id)).toEqual([id.toHexString()]);
    const item = listed.body.items[0];
    expect(findRegion(item.regionCode)!.name.endsWith('村')).toBe(true);
    expect(item.regionPath.split(' / ')).toHaveLength(3);
  });
});
