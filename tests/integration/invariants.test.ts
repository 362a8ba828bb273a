import { randomUUID } from 'node:crypto';
import { shanghaiDayOf } from '@tongxin/shared';
import request from 'supertest';
import { Types } from 'mongoose';
import { checkInvariants } from '../../scripts/lib/invariants';
import { expectInvariants } from '../helpers/invariants';
import { startTestApi, type TestApi } from '../helpers/test-api';
import { eventually } from '../helpers/eventually';
import { aMealPointBody, anElderBody } from '../fixtures/meal-points';
import { aNeedBody, aShift, COMMUNITY } from '../fixtures/needs';
import { aCommunityStaff, aUser, aVolunteer, bearer, type TestUser } from '../fixtures/users';
import { aCharity, aLiveCampaign } from './campaigns/campaign-fixtures';

// The invariant checker is only worth running at the end of other tests if it finds broken
// promises: first real concurrent traffic must leave it silent, then hand-made damage of each
// kind must be reported.

jest.setTimeout(120_000);

let api: TestApi;
let staff: TestUser;

beforeAll(async () => {
  api = await startTestApi();
  staff = await aCommunityStaff(api, COMMUNITY);
});
afterAll(() => api.stop());

const db = () => api.runtime.infra.connection.db!;
let shiftId = '';
let campaignId = '';
let mealPool = '';

describe('after real concurrent traffic', () => {
  it('50 sign-ups for 10 places, 30 donations paid with every notification replayed, 40 bookings for 25 portions: every invariant holds', async () => {
    const need = await request(api.url).post('/api/v1/needs').set(bearer(staff)).send(aNeedBody({ shifts: [aShift(48 * 3_600_000, 10)] })).expect(201);
    shiftId = need.body.shifts[0].id;
    const volunteers = await Promise.all(Array.from({ length: 50 }, () => aVolunteer(api)));
    const signUps = await Promise.all(volunteers.map((v) =>
      request(api.url).post(`/api/v1/needs/${need.body.id}/shifts/${shiftId}/enrollments`).set(bearer(v)).send({})));
    expect(signUps.filter((r) => r.status === 201)).toHaveLength(10);

    const world = await aCharity(api);
    campaignId = await aLiveCampaign(api, world);
    const donors = await Promise.all(Array.from({ length: 30 }, () => aUser(api, ['donor'])));
    const donations = await Promise.all(donors.map((d) => request(api.url).post(`/api/v1/campaigns/${campaignId}/donations`)
      .set(bearer(d)).set('idempotency-key', randomUUID()).send({ amountFen: 1000, anonymous: false, message: '' })));
    expect(donations.every((r) => r.status === 201)).toBe(true);
    const pay = (i: number) => request(api.url).post(`/api/v1/payments/sandbox/${donations[i]!.body.id}/pay`).set(bearer(donors[i]!)).send();
    await Promise.all(donors.map((_, i) => pay(i)));
    await Promise.all(donors.map((_, i) => pay(i))); // every notification a second time
    await eventually(async () => {
      const page = (await request(api.url).get(`/api/v1/campaigns/${campaignId}`).set(bearer(staff)).expect(200)).body;
      expect(page.raisedFen ?? page.tally?.raisedFen).toBe(30_000);
    }, 15_000, 200);

    const admin = await aUser(api, ['city_admin']);
    const point = (await request(api.url).post('/api/v1/meal-points').set(bearer(admin)).send(aMealPointBody()).expect(201)).body as { id: string };
    const elders = [];
    for (let i = 0; i < 40; i++) elders.push((await request(api.url).post('/api/v1/elders').set(bearer(staff)).send(anElderBody()).expect(201)).body as { id: string });
    const date = shanghaiDayOf(new Date(Date.now() + 2 * 86_400_000));
    const bookings = await Promise.all(elders.map((e) => request(api.url).post(`/api/v1/meal-points/${point.id}/bookings`)
      .set(bearer(staff)).send({ elderId: e.id, date, meal: 'lunch', mode: 'dine_in' })));
    expect(bookings.filter((r) => r.status === 201)).toHaveLength(25);
    mealPool = `${point.id}#${date}#lunch`;

    const report = await expectInvariants(api);
    expect(report.checked.shifts).toBeGreaterThanOrEqual(1);
    expect(report.checked.enrollments).toBe(await db().collection('enrollments').countDocuments());
    expect(report.checked.ledgerEntries).toBeGreaterThanOrEqual(30);
    expect(report.checked.mealPools).toBeGreaterThanOrEqual(1);
  });
});

describe('the checker finds damage', () => {
  const violations = async () => (await checkInvariants({ db: db(), redis: api.runtime.infra.redis, redisPrefix: api.config.REDIS_PREFIX })).violations;

  it('an eleventh seat on a ten-place shift', async () => {
    await db().collection('shift_seats').insertOne({ _id: `${shiftId}#11` as never, pool: shiftId, holder: 'forged', claimedAt: new Date() });
    expect(await violations()).toContainEqual(`shift ${shiftId}: 11 seats held, capacity 10`);
    await db().collection('shift_seats').deleteOne({ _id: `${shiftId}#11` as never });
  });

  it('a live tally that drifted from the ledger, and one provider transaction credited twice', async () => {
    const key = `${api.config.REDIS_PREFIX}:campaign:${campaignId}:tally`;
    const before = await api.runtime.infra.redis.hget(key, 'raisedFen');
    await api.runtime.infra.redis.hset(key, 'raisedFen', '29999');
    const paid = await db().collection('donation_ledger').findOne({ kind: 'paid', campaignId: { $exists: true } });
    const forged = { ...paid!, _id: `forged:${String(paid!._id)}` as never, donationId: paid!.donationId };
    await db().collection('donation_ledger').insertOne(forged);
    const found = await violations();
    expect(found).toEqual(expect.arrayContaining([
      expect.stringMatching(new RegExp(`campaign ${campaignId}: live tally 29999 fen, ledger says 31000`)),
      expect.stringMatching(/paid 2 times in the ledger/),
    ]));
    if (paid!.transactionId) expect(found).toContainEqual(`provider transaction ${String(paid!.transactionId)} credited 2 times`);
    await db().collection('donation_ledger').deleteOne({ _id: forged._id });
    await api.runtime.infra.redis.hset(key, 'raisedFen', before!);
  });

  it('a twenty-sixth portion of a 25-portion meal', async () => {
    await db().collection('meal_places').insertOne({ _id: `${mealPool}#26` as never, pool: mealPool, holder: 'forged', claimedAt: new Date() });
    expect(await violations()).toContainEqual(`meal ${mealPool}: 26 booked, capacity 25`);
    await db().collection('meal_places').deleteOne({ _id: `${mealPool}#26` as never });
  });

  it('a twenty-sixth booking of a 25-portion meal, and a delivery task holding a dine-in booking twice', async () => {
    const [pointId, date] = mealPool.split('#') as [string, string];
    const existing = await db().collection('meal_bookings').findOne({ pointId, date, meal: 'lunch' });
    const forged = { ...existing!, _id: new Types.ObjectId() };
    await db().collection('meal_bookings').insertOne(forged);
    const bookingId = existing!._id.toHexString();
    const tasks = [1, 2].map((n) => ({ _id: `${pointId}_${date}_lunch_${n}` as never, pointId, date, meal: 'lunch', bookingIds: [bookingId] }));
    await db().collection('meal_delivery_tasks').insertMany(tasks);
    const found = await violations();
    expect(found).toContainEqual(`meal ${mealPool}: 26 bookings, capacity 25`);
    expect(found).toContainEqual(`delivery task ${pointId}_${date}_lunch_1 holds booking ${bookingId} of another meal or mode`);
    expect(found).toContainEqual(`booking ${bookingId} is in tasks ${pointId}_${date}_lunch_1 and ${pointId}_${date}_lunch_2`);
    await db().collection('meal_bookings').deleteOne({ _id: forged._id });
    await db().collection('meal_delivery_tasks').deleteMany({ pointId });
  });

  it('and is silent again once the damage is undone', async () => {
    await expectInvariants(api);
  });
});
