import type { AddressInfo } from 'node:net';
import request from 'supertest';
import { shanghaiDayOf } from '@tongxin/shared';
import { startTestApi, type TestApi } from '../../helpers/test-api';
import { createApiRuntime } from '../../../server/src/runtime';
import { aMealPointBody, anElderBody } from '../../fixtures/meal-points';
import { COMMUNITY } from '../../fixtures/needs';
import { aCommunityStaff, aUser, aVolunteer, bearer, type TestUser } from '../../fixtures/users';
import { eventually } from '../../helpers/eventually';

let api: TestApi;
let admin: TestUser;
let staff: TestUser;

beforeAll(async () => {
  api = await startTestApi();
  admin = await aUser(api, ['city_admin']);
  staff = await aCommunityStaff(api, COMMUNITY);
});
afterAll(() => api.stop());

const date = shanghaiDayOf(new Date(Date.now() + 2 * 86_400_000));
// Around 天府广场; the points below sit about 0.5, 1.5 and 8 km away.
const CENTRE = { lat: 30.6573, lng: 104.0657 };
const north = (km: number) => ({ lat: Number((CENTRE.lat + km / 111.2).toFixed(5)), lng: CENTRE.lng });

async function aPoint(overrides = {}) {
  return (await request(api.url).post('/api/v1/meal-points').set(bearer(admin)).send(aMealPointBody(overrides)).expect(201)).body as { id: string };
}

const map = (user: TestUser, query: string) => request(api.url).get(`/api/v1/meal-points?near=${CENTRE.lat},${CENTRE.lng}&${query}`).set(bearer(user));

describe('GET /api/v1/meal-points (care map)', () => {
  let near: { id: string };
  let farther: { id: string };
  let station: { id: string };

  beforeAll(async () => {
    near = await aPoint({ name: '近处长者食堂', location: north(0.5), meals: [
      { meal: 'lunch', servesFrom: '11:00', servesUntil: '13:00', bookingCutoff: '09:30', capacity: 1, priceFen: 1200 }] });
    farther = await aPoint({ name: '稍远长者食堂', location: north(1.5) });
    station = await aPoint({ kind: 'service_station', name: '养老服务站', location: north(1.0), meals: [] });
    await aPoint({ name: '远处长者食堂', location: north(8) });
  });

  it('when asked near a place, then points within the radius come nearest first with distance, places left and price', async () => {
    const volunteer = await aVolunteer(api);
    const res = await map(volunteer, `radiusKm=3&date=${date}&meal=lunch`).expect(200);
    expect(res.body.items.map((i: { id: string }) => i.id)).toEqual([near.id, station.id, farther.id]);
    const [first, stationItem, second] = res.body.items;
    expect(first.distanceKm).toBeCloseTo(0.5, 1);
    expect(first.meal).toMatchObject({ meal: 'lunch', date, open: true, capacity: 1, remaining: 1, price: { priceFen: 1200, payableFen: 1200 } });
    expect(stationItem.kind).toBe('service_station');
    expect(stationItem.meal).toBeUndefined();
    expect(second.meal.capacity).toBe(25);
    // Written from serialized fragments, answered as res.json would: the same type, the security headers.
    expect(res.headers['content-type']).toBe('application/json; charset=utf-8');
    expect(res.headers['x-content-type-options']).toBe('nosniff');
    const actor = (await api.runtime.modules.users.service.getActor(volunteer.id))!;
    const { items } = await api.runtime.modules.mealPoints.careMap.near(actor, { near: CENTRE, radiusKm: 3, date, meal: 'lunch', available: false, limit: 20 });
    expect(res.text).toBe(JSON.stringify({ items }));
  });

  it('when the nearest point is booked full, then it shows none left and `available=true` skips it', async () => {
    const elder = (await request(api.url).post('/api/v1/elders').set(bearer(staff)).send(anElderBody()).expect(201)).body;
    await request(api.url).post(`/api/v1/meal-points/${near.id}/bookings`).set(bearer(staff))
      .send({ elderId: elder.id, date, meal: 'lunch', mode: 'dine_in' }).expect(201);
    const all = await map(staff, `date=${date}&meal=lunch`).expect(200);
    expect(all.body.items[0].meal.remaining).toBe(0);
    const available = await map(staff, `date=${date}&meal=lunch&available=true`).expect(200);
    expect(available.body.items.map((i: { id: string }) => i.id)).toEqual([farther.id]);
    // Pages of one: the full point, then the station (no meals), then the first with places left.
    const onePerPage = await map(staff, `date=${date}&meal=lunch&available=true&limit=1`).expect(200);
    expect(onePerPage.body.items.map((i: { id: string }) => i.id)).toEqual([farther.id]);
    const nearestOnly = await map(staff, `date=${date}&meal=lunch&limit=2`).expect(200);
    expect(nearestOnly.body.items.map((i: { id: string }) => i.id)).toEqual([near.id, station.id]);
  });

  it('when an elder is named, then prices are after their subsidy; a stranger may not price for someone else\'s elder', async () => {
    const elder = (await request(api.url).post('/api/v1/elders').set(bearer(staff)).send(anElderBody({ ageBand: '70+' })).expect(201)).body;
    const res = await map(staff, `date=${date}&meal=lunch&elderId=${elder.id}`).expect(200);
    const farItem = res.body.items.find((i: { id: string }) => i.id === farther.id);
    expect(farItem.meal.price).toEqual({ priceFen: 1200, subsidyFen: 300, payableFen: 900, reason: 'eligible' });
    expect((await map(await aVolunteer(api), `date=${date}&meal=lunch&elderId=${elder.id}`)).status).toBe(403);
  });

  it('when a point is edited, then the map follows at once', async () => {
    await request(api.url).patch(`/api/v1/meal-points/${farther.id}`).set(bearer(admin)).send({ location: north(30) }).expect(200);
    await eventually(async () => {
      const res = await map(staff, 'radiusKm=3').expect(200);
      expect(res.body.items.map((i: { id: string }) => i.id)).not.toContain(farther.id);
    });
  });

  it('when a point is registered on one replica, then another replica\'s map shows it (Redis pub/sub)', async () => {
    const replica = await createApiRuntime(api.config);
    await new Promise<void>((resolve) => replica.httpServer.listen(0, '127.0.0.1', resolve));
    const replicaUrl = `http://127.0.0.1:${(replica.httpServer.address() as AddressInfo).port}`;
    try {
      const before = await request(replicaUrl).get(`/api/v1/meal-points?near=${CENTRE.lat},${CENTRE.lng}&radiusKm=3`).set(bearer(staff)).expect(200);
      const added = await aPoint({ name: '新开长者食堂', location: north(2) });
      expect(before.body.items.map((i: { id: string }) => i.id)).not.toContain(added.id);
      await eventually(async () => {
        const after = await request(replicaUrl).get(`/api/v1/meal-points?near=${CENTRE.lat},${CENTRE.lng}&radiusKm=3`).set(bearer(staff));
        expect(after.body.items.map((i: { id: string }) => i.id)).toContain(added.id);
      });
    } finally {
      await replica.close();
    }
  });

  it('when a meal is booked and cancelled on one replica, then the places left on another replica\'s map follow', async () => {
    const point = await aPoint({ name: '副本长者食堂', location: north(2.5), meals: [
      { meal: 'dinner', servesFrom: '17:00', servesUntil: '19:00', bookingCutoff: '15:00', capacity: 3, priceFen: 1000 }] });
    const replica = await createApiRuntime(api.config);
    await new Promise<void>((resolve) => replica.httpServer.listen(0, '127.0.0.1', resolve));
    const replicaUrl = `http://127.0.0.1:${(replica.httpServer.address() as AddressInfo).port}`;
    const remainingOnReplica = async () => {
      const res = await request(replicaUrl).get(`/api/v1/meal-points?near=${CENTRE.lat},${CENTRE.lng}&radiusKm=3&date=${date}&meal=dinner`)
        .set(bearer(staff)).expect(200);
      return (res.body.items as Array<{ id: string; meal?: { remaining: number } }>).find((i) => i.id === point.id)?.meal?.remaining;
    };
    try {
      // The replica mirrors the point's count from here on (read once from Redis, then followed).
      expect(await remainingOnReplica()).toBe(3);
      expect(await remainingOnReplica()).toBe(3);
      const booked = [];
      for (let i = 0; i < 2; i++) {
        const elder = (await request(api.url).post('/api/v1/elders').set(bearer(staff)).send(anElderBody()).expect(201)).body;
        booked.push((await request(api.url).post(`/api/v1/meal-points/${point.id}/bookings`).set(bearer(staff))
          .send({ elderId: elder.id, date, meal: 'dinner', mode: 'dine_in' }).expect(201)).body as { id: string });
      }
      await eventually(async () => expect(await remainingOnReplica()).toBe(1));
      await request(api.url).delete(`/api/v1/meal-bookings/${booked[0]!.id}`).set(bearer(staff)).expect(200);
      await eventually(async () => expect(await remainingOnReplica()).toBe(2));
      // A booking made on the replica itself shows there at once, and on the first process too.
      const elder = (await request(replicaUrl).post('/api/v1/elders').set(bearer(staff)).send(anElderBody()).expect(201)).body;
      await request(replicaUrl).post(`/api/v1/meal-points/${point.id}/bookings`).set(bearer(staff))
        .send({ elderId: elder.id, date, meal: 'dinner', mode: 'dine_in' }).expect(201);
      expect(await remainingOnReplica()).toBe(1);
      await eventually(async () => {
        const res = await map(staff, `radiusKm=3&date=${date}&meal=dinner`).expect(200);
        expect(res.body.items.find((i: { id: string }) => i.id === point.id).meal.remaining).toBe(1);
      });
    } finally {
      await replica.close();
    }
  });

  it('when an elder takes a subsidized meal on one replica, then the price for their next meal on another replica\'s map follows', async () => {
    const point = await aPoint({ name: '补贴长者食堂', location: north(2.2) });
    const elder = (await request(api.url).post('/api/v1/elders').set(bearer(staff)).send(anElderBody({ ageBand: '70+' })).expect(201)).body as { id: string };
    const replica = await createApiRuntime(api.config);
    await new Promise<void>((resolve) => replica.httpServer.listen(0, '127.0.0.1', resolve));
    const replicaUrl = `http://127.0.0.1:${(replica.httpServer.address() as AddressInfo).port}`;
    const dinnerPrice = async (url: string) => {
      const res = await request(url).get(`/api/v1/meal-points?near=${CENTRE.lat},${CENTRE.lng}&radiusKm=3&date=${date}&meal=dinner&elderId=${elder.id}`)
        .set(bearer(staff)).expect(200);
      return (res.body.items as Array<{ id: string; meal?: { price: { reason: string; payableFen: number } } }>).find((i) => i.id === point.id)?.meal?.price;
    };
    try {
      // Read once from Redis, then the replica follows the elder's subsidy use in memory.
      expect(await dinnerPrice(replicaUrl)).toMatchObject({ reason: 'eligible', payableFen: 700 });
      expect(await dinnerPrice(replicaUrl)).toMatchObject({ reason: 'eligible', payableFen: 700 });
      await request(api.url).post(`/api/v1/meal-points/${point.id}/bookings`).set(bearer(staff))
        .send({ elderId: elder.id, date, meal: 'lunch', mode: 'dine_in' }).expect(201);
      // One subsidized meal a day (the default rules): the booking process shows it at once, the replica soon after.
      expect(await dinnerPrice(api.url)).toMatchObject({ reason: 'daily_cap', payableFen: 1000 });
      await eventually(async () => expect(await dinnerPrice(replicaUrl)).toMatchObject({ reason: 'daily_cap', payableFen: 1000 }));
    } finally {
      await replica.close();
    }
  });

  it.each([
    ['no place', '/api/v1/meal-points?radiusKm=3'],
    ['a place outside Chengdu', '/api/v1/meal-points?near=39.9,116.4'],
    ['a radius too large', `/api/v1/meal-points?near=${CENTRE.lat},${CENTRE.lng}&radiusKm=500`],
    ['a meal without a date', `/api/v1/meal-points?near=${CENTRE.lat},${CENTRE.lng}&meal=lunch`],
    ['an unknown parameter', `/api/v1/meal-points?near=${CENTRE.lat},${CENTRE.lng}&sort=price`],
  ])('when the query has %s, then 400 problem+json', async (_name, path) => {
    const res = await request(api.url).get(path).set(bearer(staff));
    expect(res.status).toBe(400);
    expect(res.headers['content-type']).toContain('application/problem+json');
  });
});
