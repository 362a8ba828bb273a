import request from 'supertest';
import type { mongo } from 'mongoose';
import { CITY_CODE, regionTree, type StatsOverview } from '@tongxin/shared';
import { startTestApi, type TestApi } from '../../helpers/test-api';
import { aUser, bearer } from '../../fixtures/users';
import { generateCity } from '../../../scripts/city/city';
import { generateHistory } from '../../../scripts/city/history';
import type { RollupFigures } from '../../../server/src/modules/stats';

const DAY_MS = 86_400_000;
/** Midnight UTC of the day before today: recent enough that the roll-ups fall in the dashboard's warm window. */
const NOW = new Date(Math.floor(Date.now() / DAY_MS) * DAY_MS - DAY_MS);
/** Shanghai dates with shifts, hours and donations in the generated history. */
const DATES = [-21, -12, -3].map((days) => new Date(NOW.getTime() + days * DAY_MS).toISOString().slice(0, 10)) as [string, string, string];

let api: TestApi;
let raw: RawCity;

beforeAll(async () => {
  api = await startTestApi({ WORKERS_IN_PROCESS: 'false' });
  const db = api.runtime.infra.connection.db!;
  await generateCity(db, { seed: 7, volunteers: 2000, now: NOW, volunteerAccounts: false, enrollmentsPerVolunteer: 1, batchSize: 1000, log: () => undefined });
  await generateHistory(db, { seed: 7, now: NOW, days: 40, donorsPerDay: 0.2, batchSize: 1000 });
  raw = await readRawCity(db);
  for (const date of DATES) await api.runtime.modules.stats.rollup.rollUp(date);
}, 600_000);
afterAll(() => api.stop());

describe('nightly roll-up', () => {
  it('when a day is rolled up, then every area at every level equals the figures computed directly from the raw collections', async () => {
    const areas = regionTree().map((r) => r.code);
    let compared = 0;
    let nonZero = 0;
    for (const date of DATES) {
      const docs = await api.runtime.infra.connection.db!.collection('stats_daily').find({ date }).toArray();
      const stored = new Map(docs.map((d) => [d.areaCode as string, d.figures as RollupFigures]));
      for (const areaCode of areas) {
        const expected = referenceFigures(raw, areaCode, date);
        const actual = stored.get(areaCode) ?? zero();
        expect({ areaCode, date, ...actual }).toEqual({ areaCode, date, ...expected });
        compared++;
        if (expected.registeredVolunteers > 0) nonZero++;
      }
    }
    expect(compared).toBe(areas.length * DATES.length);
    // The comparison means something only if the generated city reaches most areas.
    expect(nonZero).toBeGreaterThan(compared / 3);
    const city = referenceFigures(raw, CITY_CODE, DATES[2]!);
    expect(city.verifiedMinutes).toBeGreaterThan(0);
    expect(city.donationsFen).toBeGreaterThan(0);
    expect(city.shiftsFilled + city.noShows + city.activeVolunteers).toBeGreaterThan(0);
  }, 300_000);

  it('when a day is rolled up again, then the same documents hold the same figures (idempotent)', async () => {
    const db = api.runtime.infra.connection.db!;
    const count = () => db.collection('stats_daily').countDocuments({ date: DATES[0] });
    const before = await count();
    const city = await db.collection('stats_daily').findOne({ _id: `${DATES[0]}#${CITY_CODE}` as never });
    await api.runtime.modules.stats.rollup.rollUp(DATES[0]!);
    expect(await count()).toBe(before);
    const again = await db.collection('stats_daily').findOne({ _id: `${DATES[0]}#${CITY_CODE}` as never });
    expect(again?.figures).toEqual(city?.figures);
    expect(again?.children).toEqual(city?.children);
  }, 300_000);
});

describe('the warm window (Redis)', () => {
  const keyOf = (date: string) => `${api.config.REDIS_PREFIX}:stats:day:${date}`;
  const ask = async (token: { authorization: string }) => {
    const answers = [];
    for (const areaCode of [CITY_CODE, '510104', '510104001']) {
      for (const kind of ['overview', 'children']) {
        answers.push((await request(api.url).get(`/api/v1/stats/${kind}`).query({ areaCode, from: DATES[0], to: DATES[2] }).set(token).expect(200)).body);
      }
    }
    return answers;
  };
  /** Every area's figures as Redis holds them, beside the stored documents' (absent areas: zero; one scan per day). */
  const compareWithStore = async () => {
    const db = api.runtime.infra.connection.db!;
    for (const date of DATES) {
      const warm = await api.runtime.infra.redis.hgetall(keyOf(date));
      const docs = await db.collection('stats_daily').find({ date }).toArray();
      expect(Object.keys(warm).filter((f) => f !== '_').sort()).toEqual(docs.map((d) => d.areaCode as string).sort());
      for (const doc of docs) expect({ ...zero(), ...JSON.parse(warm[doc.areaCode as string]!) }).toEqual(doc.figures);
    }
  };

  it('when days are rolled up, or loaded back after Redis lost them, then Redis holds every area\'s stored figures and the API answers alike', async () => {
    const admin = bearer(await aUser(api, ['city_admin']));
    // Written by the roll-ups.
    const warm = await ask(admin);
    await api.runtime.infra.redis.del(...DATES.map(keyOf));
    // Not warm: the same answers from the roll-up documents by `_id`.
    expect(await ask(admin)).toEqual(warm);
    const outcome = await api.runtime.modules.stats.warmUp();
    expect(outcome.loaded).toBe(DATES.length);
    await compareWithStore();
    expect(await ask(admin)).toEqual(warm);
    // Already warm: nothing loaded again.
    expect((await api.runtime.modules.stats.warmUp()).loaded).toBe(0);
  }, 600_000);
});

describe('GET /api/v1/stats/*', () => {
  it('when the city admin asks for a range, then sums, last-day states and the exact median match the raw data', async () => {
    const admin = await aUser(api, ['city_admin']);
    const res = await request(api.url).get('/api/v1/stats/overview').query({ from: DATES[0], to: DATES[2] }).set(bearer(admin)).expect(200);
    const body = res.body as StatsOverview;
    expect(body.days).toHaveLength(19);
    const rolled = DATES.map((d) => referenceFigures(raw, CITY_CODE, d));
    expect(body.figures.verifiedMinutes).toBe(rolled.reduce((s, f) => s + f.verifiedMinutes, 0));
    expect(body.figures.donationsFen).toBe(rolled.reduce((s, f) => s + f.donationsFen, 0));
    expect(body.figures.registeredVolunteers).toBe(rolled[2]!.registeredVolunteers);
    const fills = DATES.flatMap((d) => referenceFillMinutes(raw, CITY_CODE, d)).sort((a, b) => a - b);
    expect(body.figures.medianMinutesToFill).toBe(fills.length ? fills[Math.ceil(fills.length / 2) - 1] : null);
    const seats = rolled.reduce((s, f) => s + f.seatsOffered, 0);
    expect(body.figures.fillRate).toBeCloseTo(rolled.reduce((s, f) => s + f.seatsTaken, 0) / seats, 10);
    expect(body.today.counters).toEqual(expect.objectContaining({ enrollments: expect.any(Number) }));
  });

  it('when the city admin compares districts, then there is one row per division summing to the city', async () => {
    const admin = await aUser(api, ['city_admin']);
    const res = await request(api.url).get('/api/v1/stats/districts').query({ from: DATES[2], to: DATES[2] }).set(bearer(admin)).expect(200);
    expect(res.body.items).toHaveLength(20);
    const sum = res.body.items.reduce((s: number, i: { figures: { verifiedMinutes: number } }) => s + i.figures.verifiedMinutes, 0);
    expect(sum).toBe(referenceFigures(raw, CITY_CODE, DATES[2]!).verifiedMinutes);
  });

  it('when a district admin asks, then only their division and the areas in it; the city or another division is refused', async () => {
    const admin = await aUser(api, ['district_admin'], { districtCode: '510104' });
    const mine = await request(api.url).get('/api/v1/stats/overview').query({ from: DATES[2], to: DATES[2] }).set(bearer(admin)).expect(200);
    expect(mine.body.areaCode).toBe('510104');
    expect(mine.body.figures.registeredVolunteers).toBe(referenceFigures(raw, '510104', DATES[2]!).registeredVolunteers);
    const districts = await request(api.url).get('/api/v1/stats/districts').set(bearer(admin)).expect(200);
    expect(districts.body.items.map((i: { areaCode: string }) => i.areaCode)).toEqual(['510104']);
    const streets = await request(api.url).get('/api/v1/stats/children').query({ areaCode: '510104' }).set(bearer(admin)).expect(200);
    expect(streets.body.items.every((i: { areaCode: string }) => i.areaCode.startsWith('510104'))).toBe(true);
    for (const areaCode of [CITY_CODE, '510105', '510105001']) {
      expect((await request(api.url).get('/api/v1/stats/overview').query({ areaCode }).set(bearer(admin))).status).toBe(403);
    }
    const staff = await aUser(api, ['community_staff'], { communityCode: '510104001001' });
    expect((await request(api.url).get('/api/v1/stats/overview').set(bearer(staff))).status).toBe(403);
  });

  it('when the range is reversed, too long or the area unknown, then 400', async () => {
    const admin = await aUser(api, ['city_admin']);
    for (const query of [{ from: '2026-11-10', to: '2026-11-01' }, { from: '2024-01-01', to: '2026-01-01' }, { areaCode: '510199' }, { extra: '1' }]) {
      expect((await request(api.url).get('/api/v1/stats/overview').query(query).set(bearer(admin))).status).toBe(400);
    }
  });
});

// ---- An independent reference: every figure by its definition, straight from the raw documents. ----

interface RawCity {
  profiles: Array<{ homeCommunityCode?: string; createdAt: Date }>;
  enrollments: Array<{ _id: string; communityCode: string; status: string; startsAt: Date }>;
  hours: Array<{ enrollmentId: string; userId: { toHexString(): string }; minutes: number; createdAt: Date }>;
  needs: Array<{ communityCode: string; status: string; createdAt: Date; shifts: Array<{ _id: { toHexString(): string }; startsAt: Date; capacity: number }> }>;
  seats: Array<{ _id: string; claimedAt: Date }>;
  campaigns: Array<{ _id: { toHexString(): string }; communityCode?: string; status: string; startsAt: Date; endsAt: Date }>;
  ledger: Array<{ kind: string; campaignId: { toHexString(): string }; userId: { toHexString(): string }; amountFen: number; at: Date }>;
  communityOf: Map<string, string>;
  campaignCommunity: Map<string, string | undefined>;
  seatsByShift: Map<string, Array<{ claimedAt: Date }>>;
}

async function readRawCity(db: mongo.Db): Promise<RawCity> {
  const all = async <T>(name: string) => (await db.collection(name).find({}).toArray()) as unknown as T[];
  return indexed({
    profiles: await all('volunteer_profiles'), enrollments: await all('enrollments'), hours: await all('service_hours'),
    needs: await all('needs'), seats: await all('shift_seats'), campaigns: await all('campaigns'), ledger: await all('donation_ledger'),
  });
}

function indexed(city: Omit<RawCity, 'communityOf' | 'campaignCommunity' | 'seatsByShift'>): RawCity {
  const seatsByShift = new Map<string, Array<{ claimedAt: Date }>>();
  for (const seat of city.seats) {
    const shiftId = seat._id.split('#')[0]!;
    seatsByShift.set(shiftId, [...(seatsByShift.get(shiftId) ?? []), seat]);
  }
  return {
    ...city, seatsByShift,
    communityOf: new Map(city.enrollments.map((e) => [e._id, e.communityCode])),
    campaignCommunity: new Map(city.campaigns.map((c) => [c._id.toHexString(), c.communityCode])),
  };
}

const inArea = (areaCode: string, code: string | undefined) => areaCode === CITY_CODE || (code !== undefined && code.startsWith(areaCode));
const bounds = (date: string) => {
  const start = Date.parse(`${date}T00:00:00+08:00`);
  return { start, end: start + DAY_MS, activeFrom: start - 29 * DAY_MS };
};
const during = (at: Date, from: number, to: number) => at.getTime() >= from && at.getTime() < to;

function dayShifts(city: RawCity, areaCode: string, date: string) {
  const { start, end } = bounds(date);
  return city.needs.filter((n) => n.status !== 'draft' && n.status !== 'cancelled' && inArea(areaCode, n.communityCode))
    .flatMap((n) => n.shifts.filter((s) => during(s.startsAt, start, end)).map((s) => {
      const held = city.seatsByShift.get(s._id.toHexString()) ?? [];
      const last = Math.max(0, ...held.map((seat) => seat.claimedAt.getTime()));
      return { capacity: s.capacity, taken: held.length, minutes: Math.max(0, Math.round((last - n.createdAt.getTime()) / 60_000)) };
    }));
}

function referenceFillMinutes(city: RawCity, areaCode: string, date: string): number[] {
  return dayShifts(city, areaCode, date).filter((s) => s.taken >= s.capacity).map((s) => s.minutes);
}

function referenceFigures(city: RawCity, areaCode: string, date: string): RollupFigures {
  const { start, end, activeFrom } = bounds(date);
  const hours = city.hours.filter((h) => inArea(areaCode, city.communityOf.get(h.enrollmentId)));
  const due = city.enrollments.filter((e) => inArea(areaCode, e.communityCode) && during(e.startsAt, start, end)
    && e.status !== 'cancelled' && e.status !== 'waitlisted');
  const shifts = dayShifts(city, areaCode, date);
  const ledger = city.ledger.filter((l) => during(l.at, start, end) && inArea(areaCode, city.campaignCommunity.get(l.campaignId.toHexString())));
  const paid = ledger.filter((l) => l.kind === 'paid');
  const fillMinutes: Record<string, number> = {};
  for (const m of referenceFillMinutes(city, areaCode, date)) fillMinutes[m] = (fillMinutes[m] ?? 0) + 1;
  return {
    registeredVolunteers: city.profiles.filter((p) => p.createdAt.getTime() < end && inArea(areaCode, p.homeCommunityCode)).length,
    newVolunteers: city.profiles.filter((p) => during(p.createdAt, start, end) && inArea(areaCode, p.homeCommunityCode)).length,
    activeVolunteers: new Set(hours.filter((h) => during(h.createdAt, activeFrom, end)).map((h) => h.userId.toHexString())).size,
    verifiedMinutes: hours.filter((h) => during(h.createdAt, start, end)).reduce((s, h) => s + h.minutes, 0),
    needsPosted: city.needs.filter((n) => n.status !== 'draft' && during(n.createdAt, start, end) && inArea(areaCode, n.communityCode)).length,
    shiftsOffered: shifts.length,
    seatsOffered: shifts.reduce((s, x) => s + x.capacity, 0),
    seatsTaken: shifts.reduce((s, x) => s + Math.min(x.taken, x.capacity), 0),
    shiftsFilled: shifts.filter((x) => x.taken >= x.capacity).length,
    fillMinutes,
    enrollmentsDue: due.length,
    noShows: due.filter((e) => e.status === 'no_show').length,
    donations: paid.length,
    donationsFen: paid.reduce((s, l) => s + l.amountFen, 0),
    donors: new Set(paid.map((l) => l.userId.toHexString())).size,
    matchedFen: ledger.filter((l) => l.kind === 'match').reduce((s, l) => s + l.amountFen, 0),
    campaignsLive: city.campaigns.filter((c) => ['live', 'ended', 'closed'].includes(c.status) && c.startsAt.getTime() < end
      && c.endsAt.getTime() > start && inArea(areaCode, c.communityCode)).length,
  };
}

function zero(): RollupFigures {
  return referenceFigures(indexed({ profiles: [], enrollments: [], hours: [], needs: [], seats: [], campaigns: [], ledger: [] }), '510199', DATES[0]!);
}
