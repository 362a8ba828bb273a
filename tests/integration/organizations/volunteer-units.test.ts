import request from 'supertest';
import { startTestApi, type TestApi } from '../../helpers/test-api';
import { aSignedUpShift } from '../../fixtures/attendance';
import { COMMUNITY } from '../../fixtures/needs';
import { aCommunityStaff, aUser, aVolunteer, bearer, type TestUser } from '../../fixtures/users';

let api: TestApi;
let city: TestUser;

beforeAll(async () => {
  api = await startTestApi();
  city = await aUser(api, ['city_admin']);
});
afterAll(() => api.stop());

// 成都市 → 锦江区 → its first street → its first community (the generated region tree).
const [CITY, DISTRICT, STREET] = ['510100', '510104', '510104001'];

const create = (user: TestUser, body: object) => request(api.url).post('/api/v1/volunteer-units').set(bearer(user)).send(body);
const appoint = (user: TestUser, unitId: string, userId: string) =>
  request(api.url).post(`/api/v1/volunteer-units/${unitId}/admins`).set(bearer(user)).send({ userId });

/** The four levels, each with an appointed admin. */
async function aNetwork() {
  const root = (await create(city, { name: '成都市志愿服务联合会', kind: 'organization', regionCode: CITY }).expect(201)).body;
  const cityAdmin = await aUser(api, ['org_admin']);
  await appoint(city, root.id, cityAdmin.id).expect(201);
  const district = (await create(cityAdmin, { name: '锦江区志愿服务总队', kind: 'organization', regionCode: DISTRICT, parentId: root.id }).expect(201)).body;
  const districtAdmin = await aUser(api, ['org_admin']);
  await appoint(cityAdmin, district.id, districtAdmin.id).expect(201);
  const street = (await create(districtAdmin, { name: '街道志愿服务中队', kind: 'organization', regionCode: STREET, parentId: district.id }).expect(201)).body;
  const streetAdmin = await aCommunityStaff(api, COMMUNITY);
  await appoint(districtAdmin, street.id, streetAdmin.id).expect(201);
  const community = (await create(streetAdmin, { name: '社区志愿服务小队', kind: 'organization', regionCode: COMMUNITY, parentId: street.id }).expect(201)).body;
  const communityAdmin = await aCommunityStaff(api, COMMUNITY);
  await appoint(streetAdmin, community.id, communityAdmin.id).expect(201);
  return { root, district, street, community, cityAdmin, districtAdmin, streetAdmin, communityAdmin };
}

describe('the four-level network', () => {
  it('when each level creates the one below and appoints its admins, then the tree reads back with levels', async () => {
    const net = await aNetwork();
    expect(net.community).toMatchObject({ level: 'community', parentId: net.street.id, kind: 'organization' });
    const district = await request(api.url).get(`/api/v1/volunteer-units/${net.district.id}`).set(bearer(await aVolunteer(api))).expect(200);
    expect(district.body).toMatchObject({ level: 'division', regionName: expect.any(String) });
    expect(district.body.children.map((c: { id: string }) => c.id)).toEqual([net.street.id]);
    const team = await create(net.communityAdmin, { name: '助老服务队', kind: 'team', regionCode: COMMUNITY, parentId: net.community.id });
    expect(team.status).toBe(201);
  });

  it('when the level is skipped, the area is outside the parent, or the caller is no admin above, then refused and nothing stored', async () => {
    const net = await aNetwork();
    const skip = await create(net.cityAdmin, { name: '跳级社区组织', kind: 'organization', regionCode: COMMUNITY, parentId: net.root.id });
    expect(skip.status).toBe(400);
    const outside = await create(net.districtAdmin, { name: '别区街道', kind: 'organization', regionCode: '510105001', parentId: net.district.id });
    expect(outside.status).toBe(400);
    expect((await create(net.communityAdmin, { name: '越权创建', kind: 'organization', regionCode: STREET, parentId: net.district.id })).status).toBe(403);
    expect((await create(await aVolunteer(api), { name: '自立门户', kind: 'organization', regionCode: CITY })).status).toBe(403);
    // A unit's own admin cannot appoint more admins of it: the parent does.
    expect((await appoint(net.communityAdmin, net.community.id, (await aVolunteer(api)).id)).status).toBe(403);
    const children = await request(api.url).get(`/api/v1/volunteer-units/${net.root.id}`).set(bearer(city)).expect(200);
    expect(children.body.children).toHaveLength(1);
  });

  it('when the body is malformed, then 400 with nothing stored', async () => {
    const before = await api.runtime.infra.connection.collection('volunteer_units').countDocuments();
    for (const body of [
      { name: 'x', kind: 'organization', regionCode: CITY }, { name: '好名字', kind: 'club', regionCode: CITY },
      { name: '好名字', kind: 'organization', regionCode: '999999' }, { name: { $ne: '' }, kind: 'organization', regionCode: CITY },
      { name: '好名字', kind: 'organization', regionCode: CITY, admins: [city.id] }, { name: '长'.repeat(51), kind: 'organization', regionCode: CITY },
    ]) expect((await create(city, body)).status).toBe(400);
    expect(await api.runtime.infra.connection.collection('volunteer_units').countDocuments()).toBe(before);
  });
});

describe('joining with approval', () => {
  it('when a volunteer applies to two units, then admins of each (or above) decide, and the volunteer sees both', async () => {
    const net = await aNetwork();
    const volunteer = await aVolunteer(api);
    const apply = (unitId: string, user = volunteer) => request(api.url).post(`/api/v1/volunteer-units/${unitId}/applications`).set(bearer(user)).send({});
    expect((await apply(net.community.id)).body).toMatchObject({ status: 'pending', unitName: '社区志愿服务小队' });
    expect((await apply(net.community.id)).status).toBe(409);
    await apply(net.district.id).expect(201);
    const decide = (admin: TestUser, unitId: string, approve: boolean) =>
      request(api.url).post(`/api/v1/volunteer-units/${unitId}/members/${volunteer.id}/decision`).set(bearer(admin)).send({ approve });

    // Not an admin of this unit nor above it.
    expect((await decide(net.streetAdmin, net.district.id, true)).status).toBe(403);
    const pending = await request(api.url).get(`/api/v1/volunteer-units/${net.community.id}/members?status=pending`).set(bearer(net.communityAdmin)).expect(200);
    expect(pending.body.items.map((m: { userId: string }) => m.userId)).toEqual([volunteer.id]);
    expect((await decide(net.communityAdmin, net.community.id, true)).body.status).toBe('approved');
    expect((await decide(net.communityAdmin, net.community.id, false)).status).toBe(409);
    // An admin above decides for the district unit.
    expect((await decide(net.cityAdmin, net.district.id, false)).body.status).toBe('rejected');

    const mine = await request(api.url).get('/api/v1/me/volunteer-units').set(bearer(volunteer)).expect(200);
    expect(mine.body.items.map((m: { unitName: string; status: string }) => [m.unitName, m.status]).sort())
      .toEqual([['社区志愿服务小队', 'approved'], ['锦江区志愿服务总队', 'rejected']]);
    expect((await request(api.url).get(`/api/v1/volunteer-units/${net.community.id}/members`).set(bearer(volunteer))).status).toBe(403);
    expect((await apply(net.community.id, net.communityAdmin)).status).toBe(403);
  });
});

describe('volunteer insurance', () => {
  it('when a unit records a policy for shifts, then the volunteers on those shifts see it, others do not', async () => {
    const net = await aNetwork();
    const staff = await aCommunityStaff(api, COMMUNITY);
    const covered = await aSignedUpShift(api, staff, { startsInMs: 48 * 3_600_000 });
    const body = {
      insurer: '中国人寿成都分公司', policyNumber: 'PICC-2026-0001', needId: covered.needId, shiftIds: [covered.shiftId],
      coverage: '志愿服务期间意外伤害', validFrom: new Date().toISOString(), validUntil: new Date(Date.now() + 7 * 86_400_000).toISOString(),
    };
    const res = await request(api.url).post(`/api/v1/volunteer-units/${net.community.id}/insurance`).set(bearer(net.communityAdmin)).send(body);
    expect(res.status).toBe(201);
    const mine = await request(api.url).get('/api/v1/me/insurance').set(bearer(covered.volunteer)).expect(200);
    expect(mine.body.items).toEqual([expect.objectContaining({
      insurer: '中国人寿成都分公司', policyNumber: 'PICC-2026-0001', unitName: '社区志愿服务小队', shiftIds: [covered.shiftId],
    })]);
    expect((await request(api.url).get('/api/v1/me/insurance').set(bearer(await aVolunteer(api))).expect(200)).body.items).toEqual([]);

    const other = await aSignedUpShift(api, staff, { startsInMs: 50 * 3_600_000 });
    const wrongShift = await request(api.url).post(`/api/v1/volunteer-units/${net.community.id}/insurance`).set(bearer(net.communityAdmin))
      .send({ ...body, shiftIds: [other.shiftId] });
    expect(wrongShift.status).toBe(400);
    expect((await request(api.url).post(`/api/v1/volunteer-units/${net.community.id}/insurance`).set(bearer(covered.volunteer)).send(body)).status).toBe(403);
    for (const bad of [{ ...body, policyNumber: '$bad' }, { ...body, shiftIds: [] }, { ...body, validUntil: body.validFrom }, { ...body, premiumFen: 100 }]) {
      expect((await request(api.url).post(`/api/v1/volunteer-units/${net.community.id}/insurance`).set(bearer(net.communityAdmin)).send(bad)).status).toBe(400);
    }
    expect(await api.runtime.infra.connection.collection('volunteer_insurance').countDocuments()).toBe(1);
  });
});
