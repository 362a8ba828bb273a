import { randomUUID } from 'node:crypto';
import request from 'supertest';
import { regionTree } from '@tongxin/shared';
import { startTestApi, type TestApi } from '../../helpers/test-api';
import { aUser, aVolunteer, bearer, type TestUser } from '../../fixtures/users';
import { aCharity, aLiveCampaign, type CharityWorld } from '../campaigns/campaign-fixtures';

const PATH = '/api/v1/me/campaign-recommendations';
/** The donor's home community (the volunteer fixture's) is in 锦江区 510104; 武侯区 is 510107. */
const HOME_COMMUNITY = '510104001001';
const WUHOU_COMMUNITY = '510107001001';
const VILLAGE = regionTree().find((r) => r.level === 'community' && r.code.startsWith('510121') && r.name.endsWith('村'))!;

let api: TestApi;
let charityA: CharityWorld;
let charityB: CharityWorld;

beforeAll(async () => {
  api = await startTestApi();
  charityA = await aCharity(api);
  charityB = await aCharity(api, { name: '成都市儿童发展基金会' });
});
afterAll(() => api.stop());

async function give(donor: TestUser, campaignId: string, amountFen: number): Promise<void> {
  const created = await request(api.url).post(`/api/v1/campaigns/${campaignId}/donations`).set(bearer(donor)).set('idempotency-key', randomUUID())
    .send({ amountFen, message: '' }).expect(201);
  await request(api.url).post(`/api/v1/payments/sandbox/${created.body.id}/pay`).set(bearer(donor)).send().expect(200);
}

const recommendations = (user: TestUser, query: Record<string, string> = {}) => request(api.url).get(PATH).query(query).set(bearer(user));

describe('GET /api/v1/me/campaign-recommendations', () => {
  it('when a donor has picked interests, lives in a district and has given before, then campaigns and rural projects are ranked by them with reasons', async () => {
    const elderlyAtHome = await aLiveCampaign(api, charityA, { title: '锦江区独居老人冬衣', category: 'elderly', communityCode: HOME_COMMUNITY });
    const childrenInWuhou = await aLiveCampaign(api, charityB, { title: '武侯区留守儿童图书角', category: 'children', communityCode: WUHOU_COMMUNITY });
    const education = await aLiveCampaign(api, charityB, { title: '山区助学', category: 'education' });
    const medical = await aLiveCampaign(api, charityA, { title: '大病救助', category: 'medical' });
    const project = await request(api.url).post('/api/v1/rural-projects').set(bearer(charityB.orgAdmin)).send({
      title: '金堂县乡村小学支教', category: 'education', description: '为村小学组织志愿者支教，补齐英语和美术课程。', regionCode: VILLAGE.code, organizationId: charityB.organizationId,
    }).expect(201);
    await request(api.url).post(`/api/v1/rural-projects/${project.body.id}/transitions`).set(bearer(charityB.orgAdmin)).send({ to: 'active' }).expect(200);

    const donor = await aVolunteer(api); // home community in 锦江区
    await give(donor, childrenInWuhou, 20_000);

    const res = await recommendations(donor, { interests: 'elderly', limit: '10' }).expect(200);
    const items = res.body.items as Array<{ kind: string; id: string; score: number; reasons: string[]; category: string; progressPercent?: number }>;
    expect(items.map((i) => i.id)).toEqual([elderlyAtHome, childrenInWuhou, project.body.id, education, medical]);
    const [first, second, third] = items;
    expect(first).toMatchObject({ kind: 'campaign', category: 'elderly', districtCode: '510104', progressPercent: 0 });
    expect(first!.reasons).toEqual(expect.arrayContaining(['你关注的扶老助老', '你所在的锦江区']));
    // Given to before: history explains it (category, district, organization), and it ranks below a new fit.
    expect(second!.reasons).toEqual(expect.arrayContaining(['你常捐助的儿童关爱', '你捐助过的武侯区', '你支持过的机构', '你已捐助过']));
    expect(third).toMatchObject({ kind: 'rural-project', category: 'education', districtCode: '510121' });
    expect(third!.reasons).toEqual(expect.arrayContaining(['你支持过的机构', '项目实施中']));
    expect(items.every((i, n) => n === 0 || items[n - 1]!.score >= i.score)).toBe(true);

    // Without picked interests the history leads: the children's campaign is the donor's strongest interest.
    const byHistory = (await recommendations(donor).expect(200)).body.items as typeof items;
    expect(byHistory[0]!.id).toBe(childrenInWuhou);
    expect(byHistory.find((i) => i.id === elderlyAtHome)!.reasons).toEqual(['你所在的锦江区']);

    // A donor with no history, profile or interests gets the same items, with no personal reasons.
    const stranger = await aUser(api, ['donor']);
    const plain = (await recommendations(stranger).expect(200)).body.items as typeof items;
    expect(plain.map((i) => i.id).sort()).toEqual(items.map((i) => i.id).sort());
    expect(plain.flatMap((i) => i.reasons).filter((r) => r.startsWith('你'))).toEqual([]);
  });

  it('when the query is malformed or nobody is signed in, then it is refused as problem+json', async () => {
    const donor = await aUser(api, ['donor']);
    const unknownField = await recommendations(donor, { sort: 'score' });
    expect(unknownField.status).toBe(400);
    expect(unknownField.headers['content-type']).toMatch(/application\/problem\+json/);
    expect((await recommendations(donor, { interests: 'elderly,horses' })).status).toBe(400);
    expect((await recommendations(donor, { limit: '0' })).status).toBe(400);
    const anonymous = await request(api.url).get(PATH);
    expect(anonymous.status).toBe(401);
    expect(anonymous.headers['content-type']).toMatch(/application\/problem\+json/);
    const staff = await aUser(api, ['community_staff'], { communityCode: HOME_COMMUNITY });
    expect((await recommendations(staff)).status).toBe(403);
  });
});
