import { randomUUID } from 'node:crypto';
import request from 'supertest';
import { eventually } from '../../helpers/eventually';
import { expectInvariants } from '../../helpers/invariants';
import { startTestApi, type TestApi } from '../../helpers/test-api';
import { aUser, bearer, type TestUser } from '../../fixtures/users';
import { aCampaignBody, aCharity, aLiveCampaign, type CharityWorld } from './campaign-fixtures';

// A live campaign ends by itself when its period is over, or when its goal is reached if it is set
// to end on goal; followers and donors are told a day before the end and when it has ended, once each.

jest.setTimeout(90_000);

const HOUR = 3_600_000;
let api: TestApi;
let world: CharityWorld;

beforeAll(async () => {
  api = await startTestApi();
  world = await aCharity(api);
});
afterAll(() => api.stop());

const campaignOf = async (id: string) => (await request(api.url).get(`/api/v1/campaigns/${id}`).set(bearer(world.orgAdmin)).expect(200)).body;
const follow = (user: TestUser, id: string) => request(api.url).post(`/api/v1/campaigns/${id}/follow`).set(bearer(user)).send();
async function give(donor: TestUser, campaignId: string, amountFen: number): Promise<void> {
  const created = await request(api.url).post(`/api/v1/campaigns/${campaignId}/donations`).set(bearer(donor))
    .set('idempotency-key', randomUUID()).send({ amountFen }).expect(201);
  await request(api.url).post(`/api/v1/payments/sandbox/${created.body.id}/pay`).set(bearer(donor)).send().expect(200);
}
const noticesOf = async (user: TestUser, kind: string) =>
  (await request(api.url).get('/api/v1/me/notifications').set(bearer(user)).expect(200)).body.items.filter((n: { kind: string }) => n.kind === kind);

describe('POST|DELETE /api/v1/campaigns/:id/follow', () => {
  it('when a donor follows twice and unfollows, then the campaign page says so each time', async () => {
    const id = await aLiveCampaign(api, world);
    const user = await aUser(api, ['donor']);
    expect((await follow(user, id)).status).toBe(201);
    expect((await follow(user, id)).status).toBe(200);
    expect((await request(api.url).get(`/api/v1/campaigns/${id}`).set(bearer(user)).expect(200)).body.following).toBe(true);
    await request(api.url).delete(`/api/v1/campaigns/${id}/follow`).set(bearer(user)).expect(204);
    expect((await request(api.url).get(`/api/v1/campaigns/${id}`).set(bearer(user)).expect(200)).body.following).toBe(false);
    expect((await follow(user, '0123456789abcdef01234567')).status).toBe(404);
    expect((await request(api.url).post(`/api/v1/campaigns/${id}/follow`).send()).status).toBe(401);
  });

  it('when the campaign is a draft of another organization, then a donor cannot follow it', async () => {
    const draft = await request(api.url).post('/api/v1/campaigns').set(bearer(world.orgAdmin))
      .send(aCampaignBody(world.organizationId)).expect(201);
    expect((await follow(await aUser(api, ['donor']), draft.body.id)).status).toBe(403);
  });
});

describe('the end of a campaign', () => {
  it('when its period is over, then it ends by itself (audited as the system) and each follower and donor is told once', async () => {
    // Room for going live on a loaded machine before the end.
    const id = await aLiveCampaign(api, world, { endsAt: new Date(Date.now() + 15_000).toISOString() });
    const follower = await aUser(api, ['donor']);
    const donor = await aUser(api, ['donor']);
    await follow(follower, id).expect(201);
    await follow(donor, id).expect(201);
    await give(donor, id, 1000);

    await eventually(async () => expect((await campaignOf(id)).status).toBe('ended'), 40_000, 250);
    const campaign = await campaignOf(id);
    expect(campaign.audit.at(-1)).toMatchObject({ action: 'transition', by: 'system', detail: 'live → ended（募捐期限届满）' });
    for (const user of [follower, donor]) {
      const ended = await eventually(async () => {
        const found = await noticesOf(user, 'campaign-ended');
        expect(found).toHaveLength(1);
        return found;
      }, 10_000, 200);
      expect(ended[0]).toMatchObject({ id: `campaign-ended:${id}:${user.id}`, title: '项目已结束', data: { campaignId: id } });
      expect(ended[0].body).toContain('¥10.00');
    }
    // The job again, and the sweep: nothing more.
    await api.runtime.modules.campaigns.deadlines.run({ campaignId: id, kind: 'ended' });
    expect(await api.runtime.modules.campaigns.deadlines.endOverdue()).toBe(0);
    expect(await noticesOf(donor, 'campaign-ended')).toHaveLength(1);
    const late = await request(api.url).post(`/api/v1/campaigns/${id}/donations`).set(bearer(donor))
      .set('idempotency-key', randomUUID()).send({ amountFen: 1000 });
    expect(late.body.code).toBe('CAMPAIGN_NOT_LIVE');
  });

  it('when it ends in a day, then followers are told it is ending soon, once; an extension moves the end and the old job does nothing', async () => {
    const endsAt = Date.now() + 24 * HOUR + 15_000;
    const id = await aLiveCampaign(api, world, { endsAt: new Date(endsAt).toISOString() });
    const follower = await aUser(api, ['donor']);
    await follow(follower, id).expect(201);
    const soon = await eventually(async () => {
      const found = await noticesOf(follower, 'campaign-ending-soon');
      expect(found).toHaveLength(1);
      return found;
    }, 40_000, 250);
    expect(soon[0]).toMatchObject({ id: `campaign-ending-soon:${id}:${follower.id}`, title: '项目即将结束' });
    await api.runtime.modules.campaigns.deadlines.run({ campaignId: id, kind: 'ending-soon', endsAtMs: endsAt });
    expect(await noticesOf(follower, 'campaign-ending-soon')).toHaveLength(1);

    await request(api.url).post(`/api/v1/campaigns/${id}/extensions`).set(bearer(world.orgAdmin))
      .send({ endsAt: new Date(endsAt + 48 * HOUR).toISOString(), reason: '延长募捐期限' }).expect(200);
    expect(await api.runtime.modules.campaigns.deadlines.run({ campaignId: id, kind: 'end', endsAtMs: endsAt })).toBe('moved');
    expect((await campaignOf(id)).status).toBe('live');
  });

  it('when a campaign that ends on goal reaches it (donors plus matching), then it ends; one without that setting runs on', async () => {
    const onGoal = await aLiveCampaign(api, world, { goalFen: 20_000, budgetLines: [], endsOnGoal: true });
    const runsOn = await aLiveCampaign(api, world, { goalFen: 20_000, budgetLines: [] });
    expect((await campaignOf(onGoal)).endsOnGoal).toBe(true);
    await request(api.url).post(`/api/v1/campaigns/${onGoal}/matching-pool`).set(bearer(world.orgAdmin))
      .send({ sponsorName: '同心企业', ratioPercent: 100, capFen: 100_000, perDonorDailyCapFen: 100_000 }).expect(201);
    const donor = await aUser(api, ['donor']);
    await give(donor, onGoal, 6000);
    await give(donor, runsOn, 6000);
    expect((await campaignOf(onGoal)).status).toBe('live');
    await give(donor, onGoal, 4000); // 10,000 donated + 10,000 matched = the goal
    await give(donor, runsOn, 15_000);
    await eventually(async () => expect((await campaignOf(onGoal)).status).toBe('ended'), 15_000, 200);
    expect((await campaignOf(onGoal)).audit.at(-1).detail).toBe('live → ended（已达成目标金额）');
    await eventually(async () => expect(await noticesOf(donor, 'campaign-ended')).toHaveLength(1), 10_000, 200);
    expect((await campaignOf(runsOn)).status).toBe('live');
  });

  it('when an organizer ends a campaign by hand, then its followers are told too', async () => {
    const id = await aLiveCampaign(api, world);
    const follower = await aUser(api, ['donor']);
    await follow(follower, id).expect(201);
    await request(api.url).post(`/api/v1/campaigns/${id}/transitions`).set(bearer(world.orgAdmin)).send({ to: 'ended' }).expect(200);
    await eventually(async () => expect(await noticesOf(follower, 'campaign-ended')).toHaveLength(1), 10_000, 200);
    await expectInvariants(api);
  });
});
