import { randomUUID } from 'node:crypto';
import { Types } from 'mongoose';
import request from 'supertest';
import type { CampaignTallyEvent } from '@tongxin/shared';
import { startTestApi, type TestApi } from '../../helpers/test-api';
import { eventually } from '../../helpers/eventually';
import { connectSocket, emitWithAck, nextEvent } from '../../helpers/sockets';
import { aUser, bearer, type TestUser } from '../../fixtures/users';
import { aCharity, aLiveCampaign, type CharityWorld } from '../campaigns/campaign-fixtures';

let api: TestApi;
let world: CharityWorld;

beforeAll(async () => {
  api = await startTestApi({ TALLY_RECONCILE_QUIET_MS: '0' });
  world = await aCharity(api);
});
afterAll(() => api.stop());

const donate = (user: TestUser, campaignId: string, body: object, key: string | null = randomUUID()) => {
  const req = request(api.url).post(`/api/v1/campaigns/${campaignId}/donations`).set(bearer(user));
  return (key === null ? req : req.set('idempotency-key', key)).send(body);
};
const pay = (user: TestUser, donationId: string) =>
  request(api.url).post(`/api/v1/payments/sandbox/${donationId}/pay`).set(bearer(user)).send();
const campaignOf = async (id: string, user: TestUser) => (await request(api.url).get(`/api/v1/campaigns/${id}`).set(bearer(user)).expect(200)).body;

describe('POST /api/v1/campaigns/:id/donations', () => {
  it('when the same Idempotency-Key comes with the same body, then the same donation; with another body, then 422', async () => {
    const campaignId = await aLiveCampaign(api, world);
    const donor = await aUser(api, ['donor']);
    const key = randomUUID();
    const first = await donate(donor, campaignId, { amountFen: 5000, message: '一点心意' }, key);
    expect(first.status).toBe(201);
    expect(first.body).toMatchObject({ campaignId, amountFen: 5000, status: 'pending', anonymous: false,
      payment: { provider: 'sandbox', payPath: `/api/v1/payments/sandbox/${first.body.id}/pay` } });
    const again = await donate(donor, campaignId, { amountFen: 5000, message: '一点心意' }, key);
    expect(again.status).toBe(200);
    expect(again.headers['idempotent-replayed']).toBe('true');
    expect(again.body.id).toBe(first.body.id);
    const changed = await donate(donor, campaignId, { amountFen: 6000, message: '一点心意' }, key);
    expect(changed.status).toBe(422);
    expect(changed.body.code).toBe('IDEMPOTENCY_KEY_REUSED');
    // Keys are per donor: another donor's identical key is a new donation.
    const other = await donate(await aUser(api, ['donor']), campaignId, { amountFen: 5000, message: '一点心意' }, key);
    expect(other.status).toBe(201);
    expect(other.body.id).not.toBe(first.body.id);
  });

  it('when ten retries with one key race, then one donation exists', async () => {
    const campaignId = await aLiveCampaign(api, world);
    const donor = await aUser(api, ['donor']);
    const key = randomUUID();
    const answers = await Promise.all(Array.from({ length: 10 }, () => donate(donor, campaignId, { amountFen: 1000 }, key)));
    expect(new Set(answers.map((a) => a.body.id)).size).toBe(1);
    expect(answers.filter((a) => a.status === 201).length).toBeGreaterThanOrEqual(1);
    const mine = await request(api.url).get('/api/v1/me/donations').set(bearer(donor)).expect(200);
    expect(mine.body.items).toHaveLength(1);
  });

  it('when the key is missing or the amount and message break the limits, then 400 with the reason', async () => {
    const campaignId = await aLiveCampaign(api, world);
    const donor = await aUser(api, ['donor']);
    expect((await donate(donor, campaignId, { amountFen: 1000 }, null)).body.code).toBe('IDEMPOTENCY_KEY_REQUIRED');
    expect((await donate(donor, campaignId, { amountFen: 1000 }, 'short')).body.code).toBe('VALIDATION_FAILED');
    const tooSmall = await donate(donor, campaignId, { amountFen: 99 });
    expect(tooSmall.body.errors).toEqual([{ path: 'amountFen', message: '单笔捐赠至少 1 元' }]);
    expect((await donate(donor, campaignId, { amountFen: 5_000_001 })).body.errors[0].message).toBe('单笔捐赠最多 50000 元');
    expect((await donate(donor, campaignId, { amountFen: 12.5 })).status).toBe(400);
    expect((await donate(donor, campaignId, { amountFen: 1000, message: '爱'.repeat(51) })).body.errors[0].message).toBe('留言最多 50 个字');
  });

  it('when the campaign is not live, then 409 CAMPAIGN_NOT_LIVE', async () => {
    const campaignId = await aLiveCampaign(api, world);
    await request(api.url).post(`/api/v1/campaigns/${campaignId}/transitions`).set(bearer(world.orgAdmin)).send({ to: 'ended' }).expect(200);
    expect((await donate(await aUser(api, ['donor']), campaignId, { amountFen: 1000 })).body.code).toBe('CAMPAIGN_NOT_LIVE');
  });
});

describe('paying and the live tally', () => {
  it('when a donor pays in the sandbox, then the donation is paid, the totals move and a watcher sees the tally and a masked name', async () => {
    const campaignId = await aLiveCampaign(api, world);
    const watcher = await aUser(api, ['volunteer']);
    const socket = await connectSocket(api.url, watcher.token);
    try {
      expect(await emitWithAck(socket, 'campaign:watch', { campaignId })).toEqual({ ok: true });
      const tally = nextEvent(socket, 'campaign:tally', (e) => e.campaignId === campaignId);
      const donor = await aUser(api, ['donor']);
      const created = await donate(donor, campaignId, { amountFen: 8800, message: '冬天快乐' }).expect(201);
      const paid = await pay(donor, created.body.id);
      expect(paid.status).toBe(200);
      expect(paid.body).toMatchObject({ status: 'paid', amountFen: 8800 });
      expect(paid.body.payment).toBeUndefined();
      const event = await tally;
      expect(event).toMatchObject({ campaignId, raisedFen: 8800, donorCount: 1, matchedFen: 0, goalFen: 10_000_000, seq: expect.any(Number) });
      expect(event.recent).toHaveLength(1);
      expect(event.recent?.[0]).toMatchObject({ donorName: '测*', amountFen: 8800, message: '冬天快乐' });
      const page = await campaignOf(campaignId, watcher);
      expect(page.tally).toMatchObject({ raisedFen: 8800, donorCount: 1 });
      expect(page.recentDonations[0].donorName).toBe('测*');
      expect((await pay(donor, created.body.id)).body.code).toBe('DONATION_NOT_PENDING');
    } finally {
      socket.close();
    }
  });

  it('when gifts come faster than the tally interval, then every watcher gets the last tally and each gift once (busy rooms go out shard by shard), and one who unwatched gets nothing', async () => {
    const campaignId = await aLiveCampaign(api, world);
    const sockets = await Promise.all([1, 2, 3].map(async () => connectSocket(api.url, (await aUser(api, ['volunteer'])).token)));
    try {
      for (const socket of sockets) expect(await emitWithAck(socket, 'campaign:watch', { campaignId })).toEqual({ ok: true });
      expect(await emitWithAck(sockets[2]!, 'campaign:unwatch', { campaignId })).toEqual({ ok: true });
      const seen: CampaignTallyEvent[][] = sockets.map(() => []);
      sockets.forEach((socket, i) => socket.on('campaign:tally', (event) => void (event.campaignId === campaignId && seen[i]!.push(event))));
      const donors = await Promise.all(Array.from({ length: 8 }, () => aUser(api, ['donor'])));
      await Promise.all(donors.map(async (donor) => {
        const created = await donate(donor, campaignId, { amountFen: 1000 }).expect(201);
        await pay(donor, created.body.id).expect(200);
      }));
      // With several API processes each coalesces its own gifts: the last total can arrive from one
      // while another's feed entries still wait out its interval, so both are awaited.
      await eventually(() => {
        for (const events of seen.slice(0, 2)) {
          expect(events.reduce((max, e) => Math.max(max, e.raisedFen), 0)).toBe(8000);
          expect(events.flatMap((e) => e.recent ?? []).map((gift) => gift.amountFen)).toEqual(Array(8).fill(1000));
        }
      }, 10_000, 50);
      expect(seen[2]).toEqual([]);
    } finally {
      for (const socket of sockets) socket.close();
    }
  });

  it('when an anonymous donor gives, then the feed says 爱心人士 and never a name', async () => {
    const campaignId = await aLiveCampaign(api, world);
    const donor = await aUser(api, ['donor']);
    const created = await donate(donor, campaignId, { amountFen: 1000, anonymous: true }).expect(201);
    await pay(donor, created.body.id).expect(200);
    expect((await campaignOf(campaignId, donor)).recentDonations[0].donorName).toBe('爱心人士');
  });

  it('when a donor reads or pays another donor’s donation, then 403; the receiving org admin may read it, another org admin not', async () => {
    const campaignId = await aLiveCampaign(api, world);
    const donor = await aUser(api, ['donor']);
    const stranger = await aUser(api, ['donor']);
    const created = await donate(donor, campaignId, { amountFen: 1000 }).expect(201);
    expect((await pay(stranger, created.body.id)).status).toBe(403);
    expect((await request(api.url).get(`/api/v1/donations/${created.body.id}`).set(bearer(stranger))).status).toBe(403);
    const own = await request(api.url).get(`/api/v1/donations/${created.body.id}`).set(bearer(world.orgAdmin)).expect(200);
    expect(own.body.payment).toBeUndefined();
    const otherOrg = await aCharity(api);
    expect((await request(api.url).get(`/api/v1/donations/${created.body.id}`).set(bearer(otherOrg.orgAdmin))).status).toBe(403);
  });
});

describe('matching funds', () => {
  it('when 100 donations are paid at once against a pool with room for 30, then exactly 30 are matched and the pool ends at 0', async () => {
    const campaignId = await aLiveCampaign(api, world);
    await request(api.url).post(`/api/v1/campaigns/${campaignId}/matching-pool`).set(bearer(world.orgAdmin))
      .send({ sponsorName: '成都某银行', ratioPercent: 100, capFen: 3000, perDonorDailyCapFen: 10_000 }).expect(201);
    const donors = await Promise.all(Array.from({ length: 100 }, () => aUser(api, ['donor'])));
    const donations = await Promise.all(donors.map(async (d) => ({ donor: d, id: (await donate(d, campaignId, { amountFen: 100 }).expect(201)).body.id as string })));
    const paid = await Promise.all(donations.map(({ donor, id }) => pay(donor, id)));
    expect(paid.every((p) => p.status === 200)).toBe(true);
    const matched = paid.filter((p) => p.body.matchedFen > 0);
    expect(matched).toHaveLength(30);
    expect(matched.every((p) => p.body.matchedFen === 100)).toBe(true);
    const page = await campaignOf(campaignId, donors[0]!);
    expect(page.matching).toMatchObject({ capFen: 3000, remainingFen: 0 });
    expect(page.tally).toMatchObject({ raisedFen: 10_000, matchedFen: 3000, donorCount: 100 });
  }, 60_000); // 100 users, donations and payments on the development store

  it('when one donor gives twice in a day, then matching stops at the per-donor daily cap', async () => {
    const campaignId = await aLiveCampaign(api, world);
    await request(api.url).post(`/api/v1/campaigns/${campaignId}/matching-pool`).set(bearer(world.orgAdmin))
      .send({ sponsorName: '成都某企业', ratioPercent: 50, capFen: 1_000_000, perDonorDailyCapFen: 800 }).expect(201);
    const donor = await aUser(api, ['donor']);
    const results: number[] = [];
    for (const amountFen of [1000, 1000]) {
      const created = await donate(donor, campaignId, { amountFen }).expect(201);
      results.push((await pay(donor, created.body.id).expect(200)).body.matchedFen);
    }
    expect(results).toEqual([500, 300]);
    expect((await campaignOf(campaignId, donor)).tally).toMatchObject({ raisedFen: 2000, matchedFen: 800, donorCount: 1 });
  });
});

describe('tally reconciliation', () => {
  it('when the store and Redis drift from the ledger, then the job repairs both to the ledger sums', async () => {
    const campaignId = await aLiveCampaign(api, world);
    const donor = await aUser(api, ['donor']);
    for (const amountFen of [1200, 3400]) {
      const created = await donate(donor, campaignId, { amountFen }).expect(201);
      await pay(donor, created.body.id).expect(200);
    }
    const { connection, redis } = api.runtime.infra;
    await connection.collection('campaigns').updateOne({ _id: new Types.ObjectId(campaignId) }, { $inc: { raisedFen: 999, donorCount: 2 } });
    await redis.hset(`${api.config.REDIS_PREFIX}:campaign:${campaignId}:tally`, 'raisedFen', '7');
    const outcomes = await api.runtime.modules.donations.reconcile();
    expect(outcomes.repaired).toBeGreaterThanOrEqual(1);
    const stored = await connection.collection('campaigns').findOne({ _id: new Types.ObjectId(campaignId) });
    expect(stored).toMatchObject({ raisedFen: 4600, donorCount: 1, matchedFen: 0 });
    expect((await campaignOf(campaignId, donor)).tally).toMatchObject({ raisedFen: 4600, donorCount: 1 });
    expect((await api.runtime.modules.donations.reconcile()).repaired).toBe(0);
  });

  it('when workers run, then the reconciliation job is scheduled as a repeatable job', async () => {
    const queue = api.runtime.infra.queues.queue('tally-reconcile');
    await eventually(async () => expect((await queue.getJobSchedulers()).map((s) => s.key)).toContain('tally-reconcile'));
  });
});
