import request from 'supertest';
import { Types } from 'mongoose';
import { CITY_CODE, findRegion, shanghaiDayOf, type StatsGapList } from '@tongxin/shared';
import { startTestApi, type TestApi } from '../../helpers/test-api';
import { aCommunityStaff, aUser, aVolunteer, bearer, type TestUser } from '../../fixtures/users';
import { aNeedBody, COMMUNITY } from '../../fixtures/needs';
import { aMealPointBody, anElderBody } from '../../fixtures/meal-points';
import { GapAlerts } from '../../../server/src/modules/stats/gaps/gap-alerts';
import { GapBoard } from '../../../server/src/modules/stats/gaps/gap-board';
import { GapRecords } from '../../../server/src/modules/stats/gaps/gap-records';
import { childAreas } from '../../../server/src/modules/stats/stats.rollup';

const HOUR = 3_600_000;
const DISTRICT = COMMUNITY.slice(0, 6);

let api: TestApi;
let staff: TestUser;
let districtAdmin: TestUser;
let cityAdmin: TestUser;

beforeAll(async () => {
  api = await startTestApi({ WORKERS_IN_PROCESS: 'false', GAP_UNFILLED_HOURS: '48' });
  staff = await aCommunityStaff(api, COMMUNITY);
  districtAdmin = await aUser(api, ['district_admin'], { districtCode: DISTRICT });
  cityAdmin = await aUser(api, ['city_admin']);
}, 120_000);
afterAll(() => api.stop());

const gaps = () => api.runtime.modules.stats.gaps;
const inbox = async (user: TestUser) => (await request(api.url).get('/api/v1/me/notifications').set(bearer(user)).expect(200)).body.items as Array<{ id: string; kind: string; title: string }>;
const listGaps = async (user: TestUser, query: object = {}) => (await request(api.url).get('/api/v1/stats/gaps').query(query).set(bearer(user)).expect(200)).body as StatsGapList;

/** Gap alerts over the app's store and Redis (so the app's route serves what they write), with detectors given here. */
function alertsWith(sources: Partial<Pick<ConstructorParameters<typeof GapAlerts>[2], 'unfilledNeeds' | 'overdueDisclosures'>>) {
  const records = new GapRecords(api.runtime.infra.connection);
  const board = new GapBoard(api.runtime.infra.redis, api.config.REDIS_PREFIX, records, api.runtime.infra.logger);
  return new GapAlerts(records, board, {
    unfilledNeeds: async () => [],
    overdueDisclosures: async () => [],
    ...sources,
    meals: { mealUse: async () => [] },
    adminsFor: (d) => api.runtime.modules.users.service.adminsFor(d),
    notify: (userId, notice) => api.runtime.modules.notifications.service.deliver(userId, { ...notice, kind: 'gap-alert' }),
  }, 48, api.runtime.infra.logger);
}

/** A need posted `hoursAgo` (the store's createdAt moved back: the service stamps "now"). */
async function aNeedPosted(hoursAgo: number, capacity = 2) {
  const start = Date.now() + 72 * HOUR;
  const body = aNeedBody({ shifts: [{ startsAt: new Date(start).toISOString(), endsAt: new Date(start + 2 * HOUR).toISOString(), capacity }] });
  const need = (await request(api.url).post('/api/v1/needs').set(bearer(staff)).send(body).expect(201)).body as { id: string; shifts: Array<{ id: string }> };
  await api.runtime.infra.connection.collection('needs').updateOne({ _id: new Types.ObjectId(need.id) }, { $set: { createdAt: new Date(Date.now() - hoursAgo * HOUR) } });
  return need;
}

describe('gap alerts: needs unfilled beyond the threshold', () => {
  it('when a community’s need waits 50 h with places free, then its district admins are told once, the dashboard lists it in scope, and it closes when filled', async () => {
    await aNeedPosted(10); // younger than the threshold: no gap on its own
    const old = await aNeedPosted(50, 1);
    const first = await gaps().check();
    expect(first.raised).toBe(1);
    const gapId = `unfilled:${COMMUNITY}:${old.id}`;
    const told = (await inbox(districtAdmin)).filter((n) => n.id === `gap-alert:${gapId}`);
    expect(told).toHaveLength(1);
    expect(told[0]).toMatchObject({ kind: 'gap-alert', title: expect.stringContaining('超过 48 小时未招满') });

    expect((await gaps().check()).raised).toBe(0);
    expect((await inbox(districtAdmin)).filter((n) => n.id === `gap-alert:${gapId}`)).toHaveLength(1);

    expect((await listGaps(districtAdmin)).items.map((g) => g.id)).toContain(gapId);
    expect((await listGaps(cityAdmin, { areaCode: COMMUNITY.slice(0, 9) })).items.map((g) => g.id)).toContain(gapId);
    const other = await aUser(api, ['district_admin'], { districtCode: '510105' });
    expect((await listGaps(other)).items.map((g) => g.id)).not.toContain(gapId);
    expect((await request(api.url).get('/api/v1/stats/gaps').query({ areaCode: COMMUNITY }).set(bearer(other))).status).toBe(403);
    expect((await request(api.url).get('/api/v1/stats/gaps').set(bearer(staff))).status).toBe(403);
    expect((await request(api.url).get('/api/v1/stats/gaps').query({ extra: 1 }).set(bearer(cityAdmin))).status).toBe(400);

    const volunteer = await aVolunteer(api);
    await request(api.url).post(`/api/v1/needs/${old.id}/shifts/${old.shifts[0]!.id}/enrollments`).set(bearer(volunteer)).send({}).expect(201);
    expect((await gaps().check()).resolved).toBe(1);
    expect((await listGaps(cityAdmin)).items.map((g) => g.id)).not.toContain(gapId);
  }, 120_000);
});

describe('gap alerts: meal points and disclosures', () => {
  it('when a meal is booked to its capacity, then a meal-full gap is raised for the point’s community', async () => {
    const point = (await request(api.url).post('/api/v1/meal-points').set(bearer(cityAdmin)).send(aMealPointBody({
      meals: [{ meal: 'lunch', servesFrom: '11:00', servesUntil: '13:00', bookingCutoff: '09:30', capacity: 1, priceFen: 1200 }],
    })).expect(201)).body as { id: string };
    const date = shanghaiDayOf(new Date(Date.now() + 24 * HOUR));
    const elder = (await request(api.url).post('/api/v1/elders').set(bearer(staff)).send(anElderBody()).expect(201)).body as { id: string };
    await request(api.url).post(`/api/v1/meal-points/${point.id}/bookings`).set(bearer(staff)).send({ elderId: elder.id, date, meal: 'lunch', mode: 'dine_in' }).expect(201);
    await gaps().check();
    const gap = (await listGaps(districtAdmin)).items.find((g) => g.id === `meal:${point.id}:${date}:lunch`);
    expect(gap).toMatchObject({ kind: 'meal-full', areaCode: COMMUNITY, subjectId: point.id, title: expect.stringContaining('已订满') });
    expect((await inbox(districtAdmin)).map((n) => n.id)).toContain(`gap-alert:meal:${point.id}:${date}:lunch`);
  }, 120_000);

  it('when the campaigns port reports an overdue disclosure without a community, then the city admins are told', async () => {
    const campaignId = new Types.ObjectId().toHexString();
    const dueAt = new Date(Date.now() - 5 * 86_400_000);
    const alerts = alertsWith({ overdueDisclosures: async () => [{ campaignId, title: '冬日暖衣', dueAt }] });
    expect((await alerts.check()).raised).toBe(1);
    const id = `disclosure:${campaignId}:${dueAt.toISOString().slice(0, 10)}`;
    expect((await inbox(cityAdmin)).map((n) => n.id)).toContain(`gap-alert:${id}`);
    expect((await listGaps(cityAdmin)).items.find((g) => g.id === id)).toMatchObject({ kind: 'disclosure-overdue', areaCode: CITY_CODE });
    expect((await listGaps(districtAdmin)).items.map((g) => g.id)).not.toContain(id);
  });
});


describe('gap list: served from the gap board', () => {
  const OTHER = '510105';
  const firstCommunity = (division: string) => childAreas(childAreas(division)[0]!)[0]!;
  const anotherCommunity = childAreas(DISTRICT).flatMap((street) => childAreas(street)).find((c) => c !== COMMUNITY)!;
  const storedOpen = async (areaCode: string) => {
    const open = await api.runtime.infra.connection.collection('stats_gaps').find({ resolvedAt: null }).toArray();
    return open.filter((g) => areaCode === CITY_CODE || (g.areaCode as string).startsWith(areaCode))
      .sort((a, b) => (a.since as Date).getTime() - (b.since as Date).getTime() || String(a._id).localeCompare(String(b._id)))
      .map((g) => ({
        id: String(g._id), kind: g.kind, areaCode: g.areaCode, areaName: findRegion(g.areaCode as string)?.name ?? g.areaCode, title: g.title,
        detail: g.detail, subjectId: g.subjectId, since: (g.since as Date).toISOString(), raisedAt: (g.raisedAt as Date).toISOString(),
      }));
  };
  const boardKeys = async () => api.runtime.infra.redis.keys(`${api.config.REDIS_PREFIX}:stats:gaps:*`);

  it('when gaps are open in two districts and city-wide, then the city’s and each division’s list equal the open gaps in stats_gaps, scoped, without reading the store on a request', async () => {
    const postedAt = (hours: number) => new Date(Date.now() - hours * HOUR);
    const need = (communityCode: string, hours: number) => ({
      needId: new Types.ObjectId().toHexString(), title: '探访独居老人', communityCode, postedAt: postedAt(hours), placesOpen: 2, nextShiftStartsAt: new Date(Date.now() + 24 * HOUR),
    });
    const needs = [need(COMMUNITY, 60), need(anotherCommunity, 55), need(firstCommunity(OTHER), 70)];
    const disclosures = [
      { campaignId: new Types.ObjectId().toHexString(), title: '助学', communityCode: firstCommunity(OTHER), dueAt: postedAt(100) },
      { campaignId: new Types.ObjectId().toHexString(), title: '暖冬', dueAt: postedAt(90) },
    ];
    const alerts = alertsWith({ unfilledNeeds: async () => needs, overdueDisclosures: async () => disclosures });
    await alerts.check();

    const city = await storedOpen(CITY_CODE);
    expect(city).toHaveLength(5);
    expect((await listGaps(cityAdmin)).items).toEqual(city);
    for (const area of [DISTRICT, OTHER, COMMUNITY.slice(0, 9), COMMUNITY]) {
      const expected = await storedOpen(area);
      expect(expected.length).toBeGreaterThan(0);
      expect((await listGaps(cityAdmin, { areaCode: area })).items).toEqual(expected);
    }
    // A district admin: their division by default, never the other one or the city-wide gaps.
    expect((await listGaps(districtAdmin)).items).toEqual(await storedOpen(DISTRICT));
    const otherAdmin = await aUser(api, ['district_admin'], { districtCode: OTHER });
    const theirs = (await listGaps(otherAdmin)).items;
    expect(theirs).toEqual(await storedOpen(OTHER));
    expect(theirs.every((g) => g.areaCode.startsWith(OTHER))).toBe(true);
    expect((await request(api.url).get('/api/v1/stats/gaps').query({ areaCode: DISTRICT }).set(bearer(otherAdmin))).status).toBe(403);
    expect((await request(api.url).get('/api/v1/stats/gaps').query({ areaCode: CITY_CODE }).set(bearer(otherAdmin))).status).toBe(403);

    // A request reads the board, not the collection: a record written behind the run's back is not served…
    const forged = { _id: `unfilled:${firstCommunity(OTHER)}:forged`, kind: 'unfilled-needs', areaCode: firstCommunity(OTHER), districtCode: OTHER, title: '伪造',
      detail: '伪造', subjectId: 'forged', since: postedAt(200), raisedAt: new Date(), notifiedAt: new Date(), resolvedAt: null };
    await api.runtime.infra.connection.collection('stats_gaps').insertOne(forged as never);
    expect((await listGaps(cityAdmin)).items).toEqual(city);
    // …until the board is rebuilt from the store: after Redis lost it, the first request rebuilds it whole.
    const keys = await boardKeys();
    expect(keys.length).toBeGreaterThan(0);
    await api.runtime.infra.redis.del(...keys);
    expect((await listGaps(otherAdmin)).items).toEqual(await storedOpen(OTHER));
    expect((await listGaps(cityAdmin)).items).toEqual(await storedOpen(CITY_CODE));
    expect((await listGaps(cityAdmin)).items.map((g) => g.id)).toContain(forged._id);

    // The next run closes what it no longer finds, and the board follows at once.
    const closed = alertsWith({ unfilledNeeds: async () => needs.slice(1), overdueDisclosures: async () => disclosures });
    expect((await closed.check()).resolved).toBe(2);
    const after = await storedOpen(CITY_CODE);
    expect(after).toHaveLength(city.length - 1);
    expect((await listGaps(cityAdmin)).items).toEqual(after);
    expect((await listGaps(cityAdmin, { areaCode: DISTRICT })).items).toEqual(await storedOpen(DISTRICT));
  }, 120_000);
  it('when a request rebuilds a lost board from a store read older than a run that replaced it meanwhile, then the run’s board stands', async () => {
    const prefix = `${api.config.REDIS_PREFIX}:race-${new Types.ObjectId().toHexString()}`;
    const gap = (id: string, areaCode: string) => ({
      _id: id, kind: 'unfilled-needs' as const, areaCode, title: '探访', detail: '2 个名额', subjectId: id, since: new Date(Date.now() - 60 * HOUR), raisedAt: new Date(),
    });
    const stale = [gap('closed-since', COMMUNITY), gap('still-open', COMMUNITY)];
    const current = [gap('still-open', COMMUNITY), gap('raised-since', firstCommunity(OTHER))];
    let release!: () => void;
    const storeAnswered = new Promise<void>((resolve) => { release = resolve; });
    // The store's answer to the rebuild is held until the run has replaced the board.
    const slowStore = { openGaps: async () => { await storeAnswered; return stale; } };
    const board = new GapBoard(api.runtime.infra.redis, prefix, slowStore as never, api.runtime.infra.logger);
    const run = new GapBoard(api.runtime.infra.redis, prefix, { openGaps: async () => current } as never, api.runtime.infra.logger);

    const requestDuringLoss = board.openIn(CITY_CODE);
    await run.replace(current);
    release();
    expect((await requestDuringLoss).map((g) => g._id).sort()).toEqual(['closed-since', 'still-open']);
    expect((await board.openIn(CITY_CODE)).map((g) => g._id).sort()).toEqual(['raised-since', 'still-open']);
    expect((await board.openIn(OTHER)).map((g) => g._id)).toEqual(['raised-since']);
    await api.runtime.infra.redis.del(...await api.runtime.infra.redis.keys(`${prefix}:*`));
  }, 60_000);
});
