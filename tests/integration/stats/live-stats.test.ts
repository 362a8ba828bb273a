import { randomUUID } from 'node:crypto';
import request from 'supertest';
import { CITY_CODE, type StatsLiveEvent } from '@tongxin/shared';
import { startTestApi, type TestApi } from '../../helpers/test-api';
import { connectSocket, emitWithAck, nextEvent, type TestSocket } from '../../helpers/sockets';
import { aCommunityStaff, aUser, bearer } from '../../fixtures/users';
import { aSignedUpShift, serve } from '../../fixtures/attendance';
import { aNeedBody, COMMUNITY } from '../../fixtures/needs';
import { aCharity, aLiveCampaign } from '../campaigns/campaign-fixtures';

const DISTRICT = COMMUNITY.slice(0, 6);
const STREET = COMMUNITY.slice(0, 9);

let api: TestApi;
const sockets: TestSocket[] = [];

beforeAll(async () => {
  api = await startTestApi();
});
afterAll(async () => {
  for (const socket of sockets) socket.close();
  await api.stop();
});

async function watcher(roles: Parameters<typeof aUser>[1], scopes: Parameters<typeof aUser>[2] = {}) {
  const user = await aUser(api, roles, scopes);
  const socket = await connectSocket(api.url, user.token);
  sockets.push(socket);
  return socket;
}

const counters = (areaCode: string) => api.runtime.modules.stats.counters.read(areaCode);

describe('stats:watch', () => {
  it('when a district admin watches their district, then the ack carries today’s counters; another district or the city is refused', async () => {
    const socket = await watcher(['district_admin'], { districtCode: DISTRICT });
    const ack = await emitWithAck(socket, 'stats:watch', { areaCode: DISTRICT });
    expect(ack).toMatchObject({ ok: true, data: { areaCode: DISTRICT, counters: { enrollments: expect.any(Number) } } });
    expect(await emitWithAck(socket, 'stats:watch', { areaCode: STREET })).toMatchObject({ ok: true });
    expect(await emitWithAck(socket, 'stats:watch', { areaCode: '510105' })).toEqual({ ok: false, code: 'FORBIDDEN' });
    expect(await emitWithAck(socket, 'stats:watch', { areaCode: CITY_CODE })).toEqual({ ok: false, code: 'FORBIDDEN' });
    expect(await emitWithAck(socket, 'stats:watch', { areaCode: '510104999999' })).toMatchObject({ ok: false, code: 'VALIDATION_FAILED' });
  });

  it('when community staff or a volunteer try to watch, then FORBIDDEN', async () => {
    const staff = await watcher(['community_staff'], { communityCode: COMMUNITY });
    expect(await emitWithAck(staff, 'stats:watch', { areaCode: COMMUNITY })).toEqual({ ok: false, code: 'FORBIDDEN' });
  });
});

describe('live counters', () => {
  it('when a need is posted, a volunteer signs up and staff verify hours, then every area above the community counts it and watchers hear it', async () => {
    const city = await watcher(['city_admin']);
    expect(await emitWithAck(city, 'stats:watch', { areaCode: CITY_CODE })).toMatchObject({ ok: true });
    const district = await watcher(['district_admin'], { districtCode: DISTRICT });
    expect(await emitWithAck(district, 'stats:watch', { areaCode: COMMUNITY })).toMatchObject({ ok: true });
    const before = await Promise.all([CITY_CODE, DISTRICT, STREET, COMMUNITY].map(counters));

    const staff = await aCommunityStaff(api, COMMUNITY);
    // Generous: posting, signing up, checking in and out and verifying take a while on a loaded machine.
    const heard = nextEvent(district, 'stats:live', (e: StatsLiveEvent) => e.areaCode === COMMUNITY && e.counters.verifiedMinutes > 0, 60_000);
    const shift = await aSignedUpShift(api, staff); // posts one need and signs one volunteer up
    await serve(api, staff, shift, 40);

    const after = await Promise.all([CITY_CODE, DISTRICT, STREET, COMMUNITY].map(counters));
    after.forEach((now, i) => {
      expect(now.needsPosted - before[i]!.needsPosted).toBe(1);
      expect(now.enrollments - before[i]!.enrollments).toBe(1);
      expect(now.verifiedMinutes - before[i]!.verifiedMinutes).toBe(40);
    });
    const event = await heard;
    expect(event.counters).toEqual(after[3]);
  }, 120_000);

  it('when a draft is published, then it counts as posted then, not when drafted', async () => {
    const staff = await aCommunityStaff(api, COMMUNITY);
    const before = (await counters(COMMUNITY)).needsPosted;
    const draft = await request(api.url).post('/api/v1/needs').set(bearer(staff)).send({ ...aNeedBody(), publish: false }).expect(201);
    expect((await counters(COMMUNITY)).needsPosted).toBe(before);
    await request(api.url).post(`/api/v1/needs/${draft.body.id}/publish`).set(bearer(staff)).send().expect(200);
    expect((await counters(COMMUNITY)).needsPosted).toBe(before + 1);
  });

  it('when donations to a community campaign are paid, then amounts and distinct donors count there and up to the city', async () => {
    const world = await aCharity(api);
    const campaignId = await aLiveCampaign(api, world, { communityCode: COMMUNITY });
    const before = await counters(STREET);
    const donor = await aUser(api, ['donor']);
    for (const amountFen of [1000, 2500]) {
      const created = await request(api.url).post(`/api/v1/campaigns/${campaignId}/donations`).set(bearer(donor))
        .set('idempotency-key', randomUUID()).send({ amountFen, message: '' }).expect(201);
      await request(api.url).post(`/api/v1/payments/sandbox/${created.body.id}/pay`).set(bearer(donor)).send().expect(200);
    }
    const after = await counters(STREET);
    expect(after.donations - before.donations).toBe(2);
    expect(after.donationsFen - before.donationsFen).toBe(3500);
    expect(after.donors - before.donors).toBe(1);
    expect((await counters(CITY_CODE)).donationsFen).toBeGreaterThanOrEqual(3500);
  });
});
