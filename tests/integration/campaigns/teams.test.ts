import { randomUUID } from 'node:crypto';
import request from 'supertest';
import { checkInvariants } from '../../../scripts/lib/invariants';
import { expectInvariants } from '../../helpers/invariants';
import { startTestApi, type TestApi } from '../../helpers/test-api';
import { aUser, bearer, type TestUser } from '../../fixtures/users';
import { aCharity, aLiveCampaign, type CharityWorld } from './campaign-fixtures';

// Teams (一起捐): donors form teams inside a campaign with their own goal; members' gifts count for the
// team exactly once, refunds come off, the boards show masked or 爱心人士 names, and reconciliation
// rebuilds the live team tallies from the team ledger.

jest.setTimeout(90_000);

let api: TestApi;
let world: CharityWorld;

beforeAll(async () => {
  api = await startTestApi({ TALLY_RECONCILE_QUIET_MS: '0' });
  world = await aCharity(api);
});
afterAll(() => api.stop());

async function give(donor: TestUser, campaignId: string, amountFen: number, anonymous = false): Promise<string> {
  const created = await request(api.url).post(`/api/v1/campaigns/${campaignId}/donations`).set(bearer(donor))
    .set('idempotency-key', randomUUID()).send({ amountFen, anonymous }).expect(201);
  await request(api.url).post(`/api/v1/payments/sandbox/${created.body.id}/pay`).set(bearer(donor)).send().expect(200);
  return created.body.id;
}
const createTeam = (user: TestUser, campaignId: string, body: object) =>
  request(api.url).post(`/api/v1/campaigns/${campaignId}/teams`).set(bearer(user)).send(body);
const join = (user: TestUser, teamId: string) => request(api.url).post(`/api/v1/teams/${teamId}/members`).set(bearer(user)).send();
const teamOf = async (user: TestUser, teamId: string) => (await request(api.url).get(`/api/v1/teams/${teamId}`).set(bearer(user)).expect(200)).body;

describe('teams (一起捐)', () => {
  let campaignId = '';
  let first = '';
  let second = '';
  const users: Record<string, TestUser> = {};

  it('when a donor creates a team, then they are its first member; others join once, and nobody is in two teams of a campaign', async () => {
    campaignId = await aLiveCampaign(api, world);
    for (const name of ['captain', 'friend', 'other', 'rival', 'outsider']) users[name] = await aUser(api, ['donor']);
    const created = await createTeam(users.captain!, campaignId, { name: '锦江跑团', goalFen: 10_000 });
    expect(created.status).toBe(201);
    expect(created.body).toMatchObject({ name: '锦江跑团', goalFen: 10_000, raisedFen: 0, memberCount: 1, joined: true, topDonors: [] });
    first = created.body.id;
    expect((await join(users.friend!, first)).status).toBe(201);
    expect((await join(users.friend!, first)).status).toBe(200);
    expect((await createTeam(users.friend!, campaignId, { name: '另一队', goalFen: 5000 })).body.code).toBe('TEAM_ALREADY_JOINED');
    second = (await createTeam(users.rival!, campaignId, { name: '高新读书会', goalFen: 20_000 }).expect(201)).body.id;
    expect((await join(users.other!, second)).status).toBe(201);
    expect((await join(users.other!, first)).body.code).toBe('TEAM_ALREADY_JOINED');
    expect((await createTeam(users.outsider!, campaignId, { name: '一', goalFen: 5000 })).status).toBe(400);
    expect((await join(world.orgAdmin, first)).status).toBe(403);
    expect((await teamOf(users.outsider!, first))).toMatchObject({ memberCount: 2, joined: false });
  });

  it('when members give (one anonymously) and an outsider gives, then only members count, once, on the team and its board', async () => {
    await give(users.captain!, campaignId, 3000);
    await give(users.friend!, campaignId, 2000, true);
    await give(users.other!, campaignId, 1500);
    await give(users.outsider!, campaignId, 1000);
    const team = await teamOf(users.captain!, first);
    expect(team.raisedFen).toBe(5000);
    expect(team.topDonors).toEqual([
      { donorName: expect.stringMatching(/^测\*$/), amountFen: 3000 },
      { donorName: '爱心人士', amountFen: 2000 },
    ]);
    const board = (await request(api.url).get(`/api/v1/campaigns/${campaignId}/teams`).set(bearer(users.outsider!)).expect(200)).body.items;
    expect(board.map((t: { id: string; raisedFen: number }) => [t.id, t.raisedFen])).toEqual([[first, 5000], [second, 1500]]);
    const campaign = (await request(api.url).get(`/api/v1/campaigns/${campaignId}`).set(bearer(users.outsider!)).expect(200)).body;
    expect(campaign.tally.raisedFen).toBe(7500);
  });

  it('when a member\'s gift is partly refunded, then it comes off the team once', async () => {
    const donationId = await give(users.friend!, campaignId, 1000);
    expect((await teamOf(users.captain!, first)).raisedFen).toBe(6000);
    await request(api.url).post(`/api/v1/donations/${donationId}/refunds`).set(bearer(world.orgAdmin)).set('idempotency-key', randomUUID())
      .send({ amountFen: 400, reason: '捐赠人申请部分退款' }).expect(201);
    const team = await teamOf(users.captain!, first);
    expect(team.raisedFen).toBe(5600);
    expect(team.topDonors[0]).toEqual({ donorName: '测*', amountFen: 3000 });
    expect(team.topDonors[1]).toEqual({ donorName: '爱心人士', amountFen: 2600 });
  });

  it('when the live team tallies drift or are lost, then reconciliation rebuilds them from the team ledger', async () => {
    const redis = api.runtime.infra.redis;
    const key = `${api.config.REDIS_PREFIX}:campaign:${campaignId}:team-raised`;
    await redis.zadd(key, 99_999, first);
    expect((await checkInvariants({ db: api.runtime.infra.connection.db!, redis, redisPrefix: api.config.REDIS_PREFIX })).violations)
      .toContainEqual(`team ${first}: live tally 99999 fen, team ledger says 5600`);
    await api.runtime.modules.donations.reconcile();
    expect((await teamOf(users.captain!, first)).raisedFen).toBe(5600);
    await redis.del(key, `${api.config.REDIS_PREFIX}:campaign:${campaignId}:team-of`);
    await api.runtime.modules.donations.reconcile();
    expect((await teamOf(users.captain!, second)).raisedFen).toBe(1500);
    await give(users.other!, campaignId, 500); // membership known again after the rebuild
    expect((await teamOf(users.captain!, second)).raisedFen).toBe(2000);
    await expectInvariants(api);
  });
});
