import request from 'supertest';
import type { mongo } from 'mongoose';
import { CITY_CODE, isoWeekdayOf, shanghaiDayOf, type StatsMealPointList, type StatsUnfilledNeedList } from '@tongxin/shared';
import { startTestApi, type TestApi } from '../../helpers/test-api';
import { aUser, aVolunteer, bearer, type TestUser } from '../../fixtures/users';
import { aNeedBody, aShift, COMMUNITY } from '../../fixtures/needs';
import { generateCity } from '../../../scripts/city/city';
import { generateMealHistory } from '../../../scripts/city/meal-history';

/**
 * The dashboard's two lists from their roll-ups (the meal-use window, the unfilled-needs board) equal
 * the same lists computed directly from the raw collections of a generated city, at every level.
 */

const DAY_MS = 86_400_000;
const TODAY = shanghaiDayOf(new Date());
const day = (offset: number) => shanghaiDayOf(new Date(Date.now() + offset * DAY_MS));
/** Ranges inside the window (one ending before yesterday, one running past today), and one reaching 19 days before the window (those days read raw). */
const RANGES = [[day(-7), day(-1)], [day(-30), day(-1)], [day(-20), day(-11)], [day(-3), day(2)], [day(-111), day(-80)]] as const;
/** A range reaching before the window reads the raw collections (a scan each): compared at one area of each level. */
const beforeWindow = (from: string) => from < day(-92);

let api: TestApi;
let cityAdmin: TestUser;
let raw: RawMeals;

beforeAll(async () => {
  api = await startTestApi({ WORKERS_IN_PROCESS: 'false' });
  const db = api.runtime.infra.connection.db!;
  const now = new Date(Math.floor(Date.now() / DAY_MS) * DAY_MS);
  await generateCity(db, { seed: 5, volunteers: 600, now, volunteerAccounts: false, enrollmentsPerVolunteer: 1, batchSize: 1000, log: () => undefined });
  const meals = await generateMealHistory(db, { seed: 5, today: TODAY, days: 112, ahead: 1, points: 40, batchSize: 1000 });
  expect(meals.mealPoints).toBeGreaterThan(20);
  raw = await readRawMeals(db);
  await api.runtime.modules.stats.meals.rollUp();
  cityAdmin = await aUser(api, ['city_admin']);
}, 600_000);
afterAll(() => api.stop());

const mealPoints = (user: TestUser, query: object) => request(api.url).get('/api/v1/stats/meal-points').query(query).set(bearer(user));
const unfilledNeeds = (user: TestUser, query: object = {}) => request(api.url).get('/api/v1/stats/unfilled-needs').query(query).set(bearer(user));

describe('GET /api/v1/stats/meal-points', () => {
  it('when the window is rolled up, then every point of every area at every level, over every range, equals the raw bookings', async () => {
    const areas = areasWithPoints(raw);
    let compared = 0;
    for (const [from, to] of RANGES) {
      const levels = [CITY_CODE, areas.find((a) => a.length === 6 && a !== CITY_CODE)!, areas.find((a) => a.length === 9)!, areas.find((a) => a.length === 12)!];
      for (const areaCode of beforeWindow(from) ? levels : areas) {
        const range = { areaCode, from, to, dates: [] };
        const ours = (await api.runtime.modules.stats.meals.useByPoint(range)).map((p) => ({ pointId: p.facts.pointId, ...p.use }))
          .sort((a, b) => a.pointId.localeCompare(b.pointId));
        expect({ areaCode, from, to, points: ours }).toEqual({ areaCode, from, to, points: referenceUse(raw, areaCode, from, to) });
        compared += ours.length;
      }
    }
    expect(areas.filter((a) => a.length === 12).length).toBeGreaterThan(5);
    expect(compared).toBeGreaterThan(100);
  }, 600_000);

  it('when the city admin asks, then the 20 most used points over the range, each with today\'s use so far, as the raw data has them', async () => {
    for (const areaCode of [CITY_CODE, areasWithPoints(raw)[1]!]) {
      const body = (await mealPoints(cityAdmin, { areaCode, from: day(-30), to: day(-1) }).expect(200)).body as StatsMealPointList;
      const expected = referenceUse(raw, areaCode, day(-30), day(-1))
        .map((p) => ({ ...p, useRate: p.capacity > 0 ? p.booked / p.capacity : null }))
        .sort((a, b) => (b.useRate ?? -1) - (a.useRate ?? -1) || a.pointId.localeCompare(b.pointId)).slice(0, 20);
      expect(body.today).toBe(TODAY);
      expect(body.items.map(({ pointId, capacity, booked, served, useRate }) => ({ pointId, capacity, booked, served, useRate })))
        .toEqual(expected.map(({ pointId, capacity, booked, served, useRate }) => ({ pointId, capacity, booked, served, useRate })));
      for (const item of body.items) expect(item.today).toEqual(referenceToday(raw, item.pointId));
    }
  });

  it('when a meal is served today, then that point\'s served count moves at once (live), before any roll-up', async () => {
    const point = raw.points.find((p) => referenceToday(raw, p.pointId).booked > 0)!;
    const ask = async () => ((await mealPoints(cityAdmin, { areaCode: point.communityCode, from: day(-30), to: day(-1) }).expect(200)).body as StatsMealPointList)
      .items.find((i) => i.pointId === point.pointId)!.today;
    const before = await ask();
    await api.runtime.infra.events.publish('meal:closed', { bookingId: 'b1', pointId: point.pointId, date: TODAY, meal: 'lunch', outcome: 'served', at: new Date() });
    await api.runtime.infra.events.publish('meal:closed', { bookingId: 'b2', pointId: point.pointId, date: TODAY, meal: 'lunch', outcome: 'cancelled', at: new Date() });
    expect(await ask()).toEqual({ ...before, served: before.served + 1 });
  });

  it('when a district admin asks, then only points of their division; another division or the city is refused', async () => {
    const division = areasWithPoints(raw).find((a) => a.length === 6 && a !== CITY_CODE)!;
    const admin = await aUser(api, ['district_admin'], { districtCode: division });
    const mine = (await mealPoints(admin, { from: day(-30), to: day(-1) }).expect(200)).body as StatsMealPointList;
    expect(mine.areaCode).toBe(division);
    expect(mine.items.length).toBeGreaterThan(0);
    expect(mine.items.every((i) => i.communityCode.startsWith(division))).toBe(true);
    const other = division === '510104' ? '510105' : '510104';
    for (const areaCode of [CITY_CODE, other]) expect((await mealPoints(admin, { areaCode })).status).toBe(403);
    const staff = await aUser(api, ['community_staff'], { communityCode: COMMUNITY });
    expect((await mealPoints(staff, {})).status).toBe(403);
    expect((await mealPoints(cityAdmin, { from: day(-1), to: day(-9) })).status).toBe(400);
  });

  it('when the window is gone (Redis lost it), then the first request rebuilds it and answers the same', async () => {
    const query = { areaCode: CITY_CODE, from: day(-7), to: day(-1) };
    const before = (await mealPoints(cityAdmin, query).expect(200)).body as StatsMealPointList;
    await api.runtime.infra.redis.del(`${api.config.REDIS_PREFIX}:stats:meals:current`);
    expect((await mealPoints(cityAdmin, query).expect(200)).body).toEqual(before);
  }, 120_000);
});

describe('GET /api/v1/stats/unfilled-needs', () => {
  it('when the board is refreshed, then the top needs of every area equal the open needs and seats in the store; new, filled and cancelled needs follow live', async () => {
    await api.runtime.modules.stats.gaps.check();
    const db = api.runtime.infra.connection.db!;
    for (const areaCode of [CITY_CODE, '510104', COMMUNITY.slice(0, 9), COMMUNITY]) {
      const body = (await unfilledNeeds(cityAdmin, { areaCode }).expect(200)).body as StatsUnfilledNeedList;
      expect({ areaCode, items: body.items }).toEqual({ areaCode, items: await referenceUnfilled(db, areaCode) });
    }
    expect((await unfilledNeeds(cityAdmin)).body.items).toHaveLength(10);

    // Posted after the refresh, with more places than any generated need: first at once.
    const staff = await aUser(api, ['community_staff'], { communityCode: COMMUNITY });
    const need = (await request(api.url).post('/api/v1/needs').set(bearer(staff)).send(aNeedBody({ shifts: [aShift(30 * 3_600_000, 40)] })).expect(201)).body;
    const first = async () => ((await unfilledNeeds(cityAdmin, { areaCode: COMMUNITY }).expect(200)).body as StatsUnfilledNeedList).items[0]!;
    expect(await first()).toMatchObject({ needId: need.id, placesOpen: 40 });
    await request(api.url).post(`/api/v1/needs/${need.id}/shifts/${need.shifts[0].id}/enrollments`).set(bearer(await aVolunteer(api))).send({}).expect(201);
    expect(await first()).toMatchObject({ needId: need.id, placesOpen: 39 });
    expect((await unfilledNeeds(cityAdmin, { areaCode: COMMUNITY }).expect(200)).body.items).toEqual(await referenceUnfilled(db, COMMUNITY));
    await request(api.url).post(`/api/v1/needs/${need.id}/cancel`).set(bearer(staff)).send({ reason: '活动取消' }).expect(200);
    const after = (await unfilledNeeds(cityAdmin, { areaCode: COMMUNITY }).expect(200)).body as StatsUnfilledNeedList;
    expect(after.items.map((i) => i.needId)).not.toContain(need.id);
  }, 120_000);

  it('when a district admin asks, then only needs in their division; elsewhere is refused', async () => {
    const admin = await aUser(api, ['district_admin'], { districtCode: '510104' });
    const mine = (await unfilledNeeds(admin).expect(200)).body as StatsUnfilledNeedList;
    expect(mine.areaCode).toBe('510104');
    expect(mine.items.every((i) => i.communityCode.startsWith('510104'))).toBe(true);
    expect(Date.parse(mine.refreshedAt)).toBeLessThanOrEqual(Date.now());
    for (const areaCode of [CITY_CODE, '510105']) expect((await unfilledNeeds(admin, { areaCode })).status).toBe(403);
  });
});

// ---- Independent references: each figure by its definition, straight from the raw documents. ----

interface RawPoint { pointId: string; communityCode: string; openingDays: number[]; meals: Array<{ meal: string; capacity: number }> }
interface RawMeals {
  points: RawPoint[];
  /** Every booking, by point. */
  bookings: Map<string, Array<{ pointId: string; date: string; meal: string; status: string }>>;
}

async function readRawMeals(db: mongo.Db): Promise<RawMeals> {
  const points = (await db.collection('meal_points').find({ kind: 'meal_point' }).toArray())
    .map((p) => ({ pointId: p._id.toHexString(), communityCode: p.communityCode as string, openingDays: p.openingDays as number[], meals: p.meals as RawPoint['meals'] }));
  const bookings: RawMeals['bookings'] = new Map();
  for (const b of await db.collection('meal_bookings').find({}).toArray()) {
    const booking = { pointId: b.pointId as string, date: b.date as string, meal: b.meal as string, status: b.status as string };
    const list = bookings.get(booking.pointId) ?? [];
    list.push(booking);
    bookings.set(booking.pointId, list);
  }
  return { points, bookings };
}

const inArea = (areaCode: string, code: string) => areaCode === CITY_CODE || code.startsWith(areaCode);

/** Up to yesterday only: today is live, later days have nothing yet. */
function referenceUse(city: RawMeals, areaCode: string, from: string, to: string) {
  const last = to < day(-1) ? to : day(-1);
  const dates = new Set<string>();
  for (let d = from; d <= last; d = new Date(Date.parse(`${d}T00:00:00Z`) + DAY_MS).toISOString().slice(0, 10)) dates.add(d);
  return city.points.filter((p) => inArea(areaCode, p.communityCode)).map((p) => {
    const open = [...dates].filter((d) => p.openingDays.includes(isoWeekdayOf(d)));
    const mine = (city.bookings.get(p.pointId) ?? []).filter((b) => dates.has(b.date) && b.status !== 'cancelled' && p.meals.some((m) => m.meal === b.meal));
    return {
      pointId: p.pointId, capacity: open.length * p.meals.reduce((s, m) => s + m.capacity, 0), booked: mine.length,
      served: mine.filter((b) => b.status === 'served' || b.status === 'delivered').length, missed: mine.filter((b) => b.status === 'missed').length,
    };
  }).filter((p) => p.capacity > 0 || p.booked > 0).sort((a, b) => a.pointId.localeCompare(b.pointId));
}

function referenceToday(city: RawMeals, pointId: string) {
  const point = city.points.find((p) => p.pointId === pointId)!;
  const today = (city.bookings.get(pointId) ?? []).filter((b) => b.date === TODAY && b.status !== 'cancelled');
  return {
    capacity: point.openingDays.includes(isoWeekdayOf(TODAY)) ? point.meals.reduce((s, m) => s + m.capacity, 0) : 0,
    booked: today.length, served: today.filter((b) => b.status === 'served' || b.status === 'delivered').length,
  };
}

/** The city, every division with points, and one street and one community of each. */
function areasWithPoints(city: RawMeals): string[] {
  const communities = [...new Set(city.points.map((p) => p.communityCode))].sort();
  const divisions = [...new Set(communities.map((c) => c.slice(0, 6)))];
  const streets = divisions.map((d) => communities.find((c) => c.startsWith(d))!.slice(0, 9));
  return [CITY_CODE, ...divisions, ...streets, ...streets.map((s) => communities.find((c) => c.startsWith(s))!)];
}

async function referenceUnfilled(db: mongo.Db, areaCode: string) {
  const now = Date.now();
  const needs = await db.collection('needs').find({ status: 'open' }).toArray();
  const held = new Map<string, number>();
  for (const seat of await db.collection('shift_seats').find({}).toArray()) {
    const shiftId = String(seat._id).split('#')[0]!;
    held.set(shiftId, (held.get(shiftId) ?? 0) + 1);
  }
  return needs.filter((n) => inArea(areaCode, n.communityCode)).flatMap((n) => {
    const shifts = (n.shifts as Array<{ _id: { toHexString(): string }; startsAt: Date; capacity: number }>).filter((s) => s.startsAt.getTime() > now);
    const placesOpen = shifts.reduce((sum, s) => sum + Math.max(0, s.capacity - (held.get(s._id.toHexString()) ?? 0)), 0);
    if (placesOpen === 0) return [];
    return [{ needId: n._id.toHexString(), title: n.title as string, communityCode: n.communityCode as string, postedAt: n.createdAt as Date, placesOpen,
      nextShiftStartsAt: new Date(Math.min(...shifts.map((s) => s.startsAt.getTime()))) }];
  }).sort((a, b) => b.placesOpen - a.placesOpen || a.postedAt.getTime() - b.postedAt.getTime() || a.needId.localeCompare(b.needId)).slice(0, 10)
    .map((n) => ({ ...n, communityName: expect.any(String), postedAt: n.postedAt.toISOString(), nextShiftStartsAt: n.nextShiftStartsAt.toISOString() }));
}
