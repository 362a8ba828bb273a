import { randomUUID } from 'node:crypto';
import request from 'supertest';
import { campaignLeaderboardViewSchema, LEADERBOARD_LIVE_SIZE, type CampaignLeaderboardView } from '@tongxin/shared';
import { checkInvariants } from '../../../scripts/lib/invariants';
import { expectInvariants } from '../../helpers/invariants';
import { connectSocket, emitWithAck, nextEvent } from '../../helpers/sockets';
import { startTestApi, type TestApi } from '../../helpers/test-api';
import { aUser, bearer, type TestUser } from '../../fixtures/users';
import { aCharity, aLiveCampaign, type CharityWorld } from './campaign-fixtures';

// The opt-in donor leaderboard (上榜): donors who asked for it, ranked by their own money on the board
// (never matched money), net of refunds, masked; moved live with the tally and rebuilt from the ledger.

jest.setTimeout(90_000);

let api: TestApi;
let world: CharityWorld;

beforeAll(async () => {
  api = await startTestApi({ TALLY_RECONCILE_QUIET_MS: '0' });
  world = await aCharity(api);
});
afterAll(() => api.stop());

interface Gift { amountFen: number; onLeaderboard?: boolean; anonymous?: boolean }

const donate = (donor: TestUser, campaignId: string, body: Gift, key = randomUUID()) =>
  request(api.url).post(`/api/v1/campaigns/${campaignId}/donations`).set(bearer(donor)).set('idempotency-key', key).send(body);

async function give(donor: TestUser, campaignId: string, body: Gift): Promise<string> {
  const created = await donate(donor, campaignId, body).expect(201);
  await request(api.url).post(`/api/v1/payments/sandbox/${created.body.id}/pay`).set(bearer(donor)).send().expect(200);
  return created.body.id;
}

async function boardOf(campaignId: string, who: TestUser, query = ''): Promise<CampaignLeaderboardView> {
  const res = await request(api.url).get(`/api/v1/campaigns/${campaignId}/leaderboard${query}`).set(bearer(who)).expect(200);
  return campaignLeaderboardViewSchema.parse(res.body);
}

const linesOf = (board: CampaignLeaderboardView) => board.items.map((l) => [l.donorName, l.amountFen]);

describe('GET /api/v1/campaigns/:id/leaderboard', () => {
  let campaignId = '';
  let reader: TestUser;
  const donors: Record<string, TestUser> = {};
  let refundable = '';

  beforeAll(async () => {
    campaignId = await aLiveCampaign(api, world);
    // Matched money never counts on the board: every gift here is matched in full.
    await request(api.url).post(`/api/v1/campaigns/${campaignId}/matching-pool`).set(bearer(world.orgAdmin))
      .send({ sponsorName: '成都某银行', ratioPercent: 100, capFen: 1_000_000, perDonorDailyCapFen: 1_000_000 }).expect(201);
    reader = await aUser(api, ['volunteer']);
    for (const name of ['twice', 'once', 'hidden', 'private', 'unpaid']) donors[name] = await aUser(api, ['donor']);
  });

  it('when donors opt in, then they are ranked by what they paid on the board; others, their unlisted gifts and pending ones are absent', async () => {
    refundable = await give(donors.twice!, campaignId, { amountFen: 3000, onLeaderboard: true });
    await give(donors.twice!, campaignId, { amountFen: 2000, onLeaderboard: true });
    await give(donors.twice!, campaignId, { amountFen: 7000 }); // not on the board
    await give(donors.once!, campaignId, { amountFen: 4000, onLeaderboard: true });
    await give(donors.hidden!, campaignId, { amountFen: 1000, onLeaderboard: true, anonymous: true });
    await give(donors.private!, campaignId, { amountFen: 9000 });
    const pending = await donate(donors.unpaid!, campaignId, { amountFen: 8000, onLeaderboard: true }).expect(201);
    expect(pending.body).toMatchObject({ status: 'pending', onLeaderboard: true });

    const board = await boardOf(campaignId, reader);
    expect(board.campaignId).toBe(campaignId);
    expect(linesOf(board)).toEqual([['测*', 5000], ['测*', 4000], ['爱心人士', 1000]]);
    expect(board.seq).toBeGreaterThan(0);
    expect(linesOf(await boardOf(campaignId, reader, '?limit=2'))).toEqual([['测*', 5000], ['测*', 4000]]);
    const page = (await request(api.url).get(`/api/v1/campaigns/${campaignId}`).set(bearer(reader)).expect(200)).body;
    expect(page.tally).toMatchObject({ raisedFen: 26_000, matchedFen: 26_000 });
  });

  it('when the same Idempotency-Key comes back with the opt-in changed, then it is refused as another donation', async () => {
    const key = randomUUID();
    await donate(donors.private!, campaignId, { amountFen: 500 }, key).expect(201);
    await donate(donors.private!, campaignId, { amountFen: 500 }, key).expect(200);
    const changed = await donate(donors.private!, campaignId, { amountFen: 500, onLeaderboard: true }, key);
    expect(changed.status).toBe(422);
    expect(changed.body.code).toBe('IDEMPOTENCY_KEY_REUSED');
  });

  it('when a watcher is in the room and an opted-in gift is paid, then the new top arrives with the tally', async () => {
    const socket = await connectSocket(api.url, reader.token);
    try {
      expect(await emitWithAck(socket, 'campaign:watch', { campaignId })).toEqual({ ok: true });
      const event = nextEvent(socket, 'campaign:tally', (e) => e.campaignId === campaignId && e.leaderboard !== undefined);
      await give(donors.hidden!, campaignId, { amountFen: 500, onLeaderboard: true });
      const { leaderboard, seq } = await event;
      expect(leaderboard?.seq).toBe(seq);
      expect(leaderboard?.items.map((l) => [l.donorName, l.amountFen])).toEqual([['测*', 5000], ['测*', 4000], ['爱心人士', 1500]]);
      expect(leaderboard!.items.length).toBeLessThanOrEqual(LEADERBOARD_LIVE_SIZE);
    } finally {
      socket.close();
    }
  });

  it('when part of a listed gift is refunded, then the donor moves down by that much', async () => {
    await request(api.url).post(`/api/v1/donations/${refundable}/refunds`).set(bearer(world.orgAdmin)).set('idempotency-key', randomUUID())
      .send({ amountFen: 1600, reason: '捐赠人申请部分退款' }).expect(201);
    expect(linesOf(await boardOf(campaignId, reader))).toEqual([['测*', 4000], ['测*', 3400], ['爱心人士', 1500]]);
  });

  it('when a line drifts, then the invariants name it and reconciliation puts it back', async () => {
    const before = await boardOf(campaignId, reader);
    const redis = api.runtime.infra.redis;
    await redis.zadd(`${api.config.REDIS_PREFIX}:campaign:${campaignId}:leaderboard`, 99_999, donors.once!.id);
    expect((await checkInvariants({ db: api.runtime.infra.connection.db!, redis, redisPrefix: api.config.REDIS_PREFIX })).violations)
      .toContainEqual(`leaderboard of ${campaignId}: donor ${donors.once!.id} at 99999 fen, ledger says 4000`);
    await api.runtime.modules.donations.reconcile();
    expect((await boardOf(campaignId, reader)).items).toEqual(before.items);
  });

  it('when Redis loses the board, then reconciliation rebuilds the same board from the ledger', async () => {
    const before = await boardOf(campaignId, reader);
    const prefix = `${api.config.REDIS_PREFIX}:campaign:${campaignId}`;
    await api.runtime.infra.redis.del(`${prefix}:leaderboard`, `${prefix}:leaderboard-names`);
    expect((await boardOf(campaignId, reader)).items).toEqual([]);
    await api.runtime.modules.donations.reconcile();
    expect((await boardOf(campaignId, reader)).items).toEqual(before.items);
    // The anonymous donor stays 爱心人士 after the rebuild, even giving again by name.
    await give(donors.hidden!, campaignId, { amountFen: 3000, onLeaderboard: true });
    expect(linesOf(await boardOf(campaignId, reader))).toEqual([['爱心人士', 4500], ['测*', 4000], ['测*', 3400]]);
    await expectInvariants(api);
  });

  it.each([
    ['a limit of 0', '?limit=0'],
    ['a limit above 50', '?limit=51'],
    ['a limit that is not a number', '?limit=abc'],
    ['an unknown query field', '?limit=5&sort=asc'],
  ])('when asked with %s, then 400 problem+json in Chinese', async (_name, query) => {
    const res = await request(api.url).get(`/api/v1/campaigns/${campaignId}/leaderboard${query}`).set(bearer(reader));
    expect(res.status).toBe(400);
    expect(res.headers['content-type']).toMatch(/application\/problem\+json/);
    expect(res.body.code).toBe('VALIDATION_FAILED');
    expect(res.body.title).toMatch(/[\u4e00-\u9fa5]/);
  });

  it('when the campaign does not exist or the id is malformed, then 404 and 400', async () => {
    expect((await request(api.url).get(`/api/v1/campaigns/${'0'.repeat(24)}/leaderboard`).set(bearer(reader))).status).toBe(404);
    expect((await request(api.url).get('/api/v1/campaigns/nope/leaderboard').set(bearer(reader))).status).toBe(400);
  });
});
