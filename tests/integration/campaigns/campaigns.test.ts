import request from 'supertest';
import { startTestApi, type TestApi } from '../../helpers/test-api';
import { aUser, bearer, type TestUser } from '../../fixtures/users';
import { aCampaignBody, aCharity, aLiveCampaign, anOrganizationBody, type CharityWorld } from './campaign-fixtures';

let api: TestApi;
let world: CharityWorld;
const DAY = 86_400_000;

beforeAll(async () => {
  api = await startTestApi();
  world = await aCharity(api);
});
afterAll(() => api.stop());

const transition = (user: TestUser, id: string, to: string) =>
  request(api.url).post(`/api/v1/campaigns/${id}/transitions`).set(bearer(user)).send({ to });

describe('POST /api/v1/campaigns', () => {
  it('when an org admin of a qualified organization creates one, then it is a draft showing the legal disclosure', async () => {
    const res = await request(api.url).post('/api/v1/campaigns').set(bearer(world.orgAdmin)).send(aCampaignBody(world.organizationId));
    expect(res.status).toBe(201);
    expect(res.body).toMatchObject({
      status: 'draft', goalFen: 10_000_000,
      organization: { id: world.organizationId, name: '成都市同心公益基金会', qualificationNumber: '川民公募2024001', grade: '4A' },
      filing: { number: '53510000MJ0000000X2024' },
      tally: { raisedFen: 0, donorCount: 0, matchedFen: 0, goalFen: 10_000_000 },
    });
    expect(res.body.organization.creditCode).toMatch(/^53/);
  });

  it('when an unqualified organization creates one alone, then 409; with a qualified partner, then yes and the partner is shown', async () => {
    const plain = (await request(api.url).post('/api/v1/organizations').set(bearer(world.cityAdmin))
      .send(anOrganizationBody({ name: '锦江区邻里互助社', type: 'social_group', fundraisingQualification: undefined })).expect(201)).body.id;
    const admin = await aUser(api, ['org_admin'], { organizationId: plain });
    const alone = await request(api.url).post('/api/v1/campaigns').set(bearer(admin)).send(aCampaignBody(plain));
    expect(alone.status).toBe(409);
    expect(alone.body.code).toBe('ORGANIZATION_NOT_QUALIFIED');
    const together = await request(api.url).post('/api/v1/campaigns').set(bearer(admin))
      .send(aCampaignBody(plain, { partnerOrganizationId: world.organizationId }));
    expect(together.status).toBe(201);
    expect(together.body.partner).toMatchObject({ id: world.organizationId, qualificationNumber: '川民公募2024001' });
    expect(together.body.organization.qualificationNumber).toBeNull();
  });

  it('when the plan was filed less than 10 days before the start, then 400 on filing.filedAt', async () => {
    const start = Date.now() + 5 * DAY;
    const res = await request(api.url).post('/api/v1/campaigns').set(bearer(world.orgAdmin)).send(aCampaignBody(world.organizationId, {
      startsAt: new Date(start).toISOString(), endsAt: new Date(start + 30 * DAY).toISOString(),
      filing: { number: 'BA2024-001', filedAt: new Date(Date.now() - DAY).toISOString() },
    }));
    expect(res.status).toBe(400);
    expect(res.body.errors).toEqual([{ path: 'filing.filedAt', message: '募捐方案须在开始前至少 10 天备案' }]);
  });

  it('when the beneficiary is one person, then it is refused as a personal appeal', async () => {
    const res = await request(api.url).post('/api/v1/campaigns').set(bearer(world.orgAdmin))
      .send({ ...aCampaignBody(world.organizationId), beneficiary: { kind: 'individual', description: '为我生病的父亲筹集医药费' } });
    expect(res.status).toBe(400);
    expect(res.body.errors[0]).toMatchObject({ path: 'beneficiary.kind', message: '个人求助不属于慈善募捐，不能发起募捐项目' });
  });

  it('when an org admin creates one for another organization, then 403', async () => {
    const other = await aCharity(api);
    expect((await request(api.url).post('/api/v1/campaigns').set(bearer(world.orgAdmin)).send(aCampaignBody(other.organizationId))).status).toBe(403);
  });
});

describe('campaign lifecycle', () => {
  it('when a campaign goes draft → review → live → ended → closed, then each move is audited and donors see it once live', async () => {
    const id = (await request(api.url).post('/api/v1/campaigns').set(bearer(world.orgAdmin)).send(aCampaignBody(world.organizationId)).expect(201)).body.id;
    const donor = await aUser(api, ['donor']);
    expect((await request(api.url).get(`/api/v1/campaigns/${id}`).set(bearer(donor))).status).toBe(403);
    expect((await transition(world.orgAdmin, id, 'live')).body.code).toBe('CAMPAIGN_TRANSITION_INVALID');
    await transition(world.orgAdmin, id, 'review').expect(200);
    expect((await transition(world.orgAdmin, id, 'live')).status).toBe(403);
    await transition(world.cityAdmin, id, 'live').expect(200);
    const seen = await request(api.url).get(`/api/v1/campaigns/${id}`).set(bearer(donor)).expect(200);
    expect(seen.body.status).toBe('live');
    const listed = await request(api.url).get('/api/v1/campaigns').set(bearer(donor)).expect(200);
    expect(listed.body.items.map((c: { id: string }) => c.id)).toContain(id);
    await transition(world.orgAdmin, id, 'ended').expect(200);
    const closed = await transition(world.orgAdmin, id, 'closed').expect(200);
    expect(closed.body.audit.map((a: { detail: string }) => a.detail)).toEqual(['draft → review', 'review → live', 'live → ended', 'ended → closed']);
  });

  it('when a campaign without a filing number is approved, then 409 CAMPAIGN_NOT_COMPLIANT naming the missing filing', async () => {
    const body = aCampaignBody(world.organizationId);
    delete body.filing;
    const id = (await request(api.url).post('/api/v1/campaigns').set(bearer(world.orgAdmin)).send(body).expect(201)).body.id;
    const res = await transition(world.orgAdmin, id, 'review');
    expect(res.status).toBe(409);
    expect(res.body).toMatchObject({ code: 'CAMPAIGN_NOT_COMPLIANT', detail: '缺少募捐方案备案编号' });
  });

  it('when a qualification is withdrawn while in review, then approval is refused', async () => {
    const charity = await aCharity(api);
    const id = (await request(api.url).post('/api/v1/campaigns').set(bearer(charity.orgAdmin)).send(aCampaignBody(charity.organizationId)).expect(201)).body.id;
    await transition(charity.orgAdmin, id, 'review').expect(200);
    await request(api.url).patch(`/api/v1/organizations/${charity.organizationId}`).set(bearer(charity.cityAdmin)).send({ fundraisingQualification: null }).expect(200);
    const res = await transition(charity.cityAdmin, id, 'live');
    expect(res.body).toMatchObject({ code: 'CAMPAIGN_NOT_COMPLIANT', detail: '发起组织及合作方均无有效的公开募捐资格' });
  });
});

describe('POST /api/v1/campaigns/:id/extensions', () => {
  it('when a live campaign raises its goal, then it is audited; lowering it or moving the end earlier is refused', async () => {
    const id = await aLiveCampaign(api, world);
    const raised = await request(api.url).post(`/api/v1/campaigns/${id}/extensions`).set(bearer(world.orgAdmin))
      .send({ goalFen: 20_000_000, reason: '受益老人增加到 400 位' });
    expect(raised.status).toBe(200);
    expect(raised.body.goalFen).toBe(20_000_000);
    expect(raised.body.audit.at(-1)).toMatchObject({ action: 'extend', detail: '目标金额 10000000 → 20000000 分（受益老人增加到 400 位）' });
    const lower = await request(api.url).post(`/api/v1/campaigns/${id}/extensions`).set(bearer(world.orgAdmin)).send({ goalFen: 15_000_000, reason: '调整目标' });
    expect(lower.body.code).toBe('CAMPAIGN_EXTENSION_INVALID');
    const earlier = await request(api.url).post(`/api/v1/campaigns/${id}/extensions`).set(bearer(world.orgAdmin))
      .send({ endsAt: new Date(Date.now() + DAY).toISOString(), reason: '提前结束' });
    expect(earlier.body.code).toBe('CAMPAIGN_EXTENSION_INVALID');
  });

  it('when a draft is edited, then it changes; once live, editing is refused', async () => {
    const id = (await request(api.url).post('/api/v1/campaigns').set(bearer(world.orgAdmin)).send(aCampaignBody(world.organizationId)).expect(201)).body.id;
    const edited = await request(api.url).patch(`/api/v1/campaigns/${id}`).set(bearer(world.orgAdmin)).send({ title: '为锦江区独居老人送冬衣和棉被' });
    expect(edited.body.title).toBe('为锦江区独居老人送冬衣和棉被');
    const live = await aLiveCampaign(api, world);
    expect((await request(api.url).patch(`/api/v1/campaigns/${live}`).set(bearer(world.orgAdmin)).send({ goalFen: 1_000_000 })).body.code)
      .toBe('CAMPAIGN_TRANSITION_INVALID');
  });
});
