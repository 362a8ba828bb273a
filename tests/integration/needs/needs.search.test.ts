import request from 'supertest';
import { distanceMetres, findRegion } from '@tongxin/shared';
import { startTestApi, type TestApi } from '../../helpers/test-api';
import { aNeedBody, aShift } from '../../fixtures/needs';
import { aUser, aVolunteer, bearer, type TestUser } from '../../fixtures/users';

const HOUR = 3_600_000;
const XINGFU = '510104001001';
const QINGQUAN = '510104001002';
const QINGLONG = '510104002001';
const DONGHU = '510106001001';
const JIXIANG = '510105001001';

let api: TestApi;
let admin: TestUser;
let volunteer: TestUser;
const ids: Record<string, string> = {};
const centreOf = (code: string) => {
  const [lat, lng] = findRegion(code)!.centre;
  return { lat, lng };
};

interface Item { id: string; title: string; nextShiftStartsAt: string; distanceKm?: number }
const search = (query: string) => request(api.url).get(`/api/v1/needs?${query}`).set(bearer(volunteer));
const titles = (body: { items: Item[] }) => body.items.map((n) => n.title.replace(/^需求/, ''));

async function post(title: string, communityCode: string, extra: Parameters<typeof aNeedBody>[0] = {}): Promise<string> {
  const res = await request(api.url).post('/api/v1/needs').set(bearer(admin))
    .send(aNeedBody({ title: `需求${title}`, communityCode, location: centreOf(communityCode), ...extra }));
  expect(res.status).toBe(201);
  return res.body.id;
}

beforeAll(async () => {
  api = await startTestApi();
  admin = await aUser(api, ['city_admin']);
  volunteer = await aVolunteer(api);
  ids.A = await post('甲', XINGFU, { shifts: [aShift(48 * HOUR)], requiredSkills: ['elderly_care'] });
  ids.B = await post('乙', QINGQUAN, { shifts: [aShift(24 * HOUR)], category: 'meal_delivery', requiredSkills: ['driving'] });
  ids.C = await post('丙', DONGHU, { shifts: [aShift(72 * HOUR)] });
  ids.D = await post('丁（草稿）', XINGFU, { shifts: [aShift(12 * HOUR)], publish: false });
  ids.E = await post('戊', QINGLONG, { shifts: [aShift(96 * HOUR), aShift(120 * HOUR)] });
});
afterAll(() => api.stop());

describe('GET /api/v1/needs (search)', () => {
  it('when no ordering is given, then open needs come by their next shift start, drafts never', async () => {
    const res = await search('districtCode=510104');
    expect(res.status).toBe(200);
    expect(titles(res.body)).toEqual(['乙', '甲', '戊']);
    const e = res.body.items[2];
    expect(e.nextShiftStartsAt).toBe(e.shifts[0].startsAt);
    expect(e).not.toHaveProperty('distanceKm');
  });

  it('when near and a radius are given, then only needs within it come back, each with its distance', async () => {
    const here = centreOf(XINGFU);
    const near = `near=${here.lat},${here.lng}`;
    const within5 = await search(`${near}&radiusKm=5`);
    expect(within5.status).toBe(200);
    const expected = ['A', 'B', 'C', 'E'].filter((k) => {
      const code = { A: XINGFU, B: QINGQUAN, C: DONGHU, E: QINGLONG }[k]!;
      return distanceMetres(here, centreOf(code)) <= 5000;
    }).map((k) => ids[k]);
    expect(within5.body.items.map((n: Item) => n.id).sort()).toEqual(expected.sort());
    const b = within5.body.items.find((n: Item) => n.id === ids.B);
    expect(b.distanceKm).toBeCloseTo(distanceMetres(here, centreOf(QINGQUAN)) / 1000, 1);
    const within50 = await search(`${near}&radiusKm=50&districtCode=510104`);
    expect(titles(within50.body).sort()).toEqual(['乙', '戊', '甲'].sort());
  });

  it('when sorted nearest, then distances ascend from the closest need', async () => {
    const here = centreOf(XINGFU);
    const res = await search(`near=${here.lat},${here.lng}&radiusKm=50&sort=nearest`);
    expect(res.status).toBe(200);
    const distances = res.body.items.map((n: Item) => n.distanceKm!);
    expect(distances).toEqual([...distances].sort((a, b) => a - b));
    expect(res.body.items[0].id).toBe(ids.A);
    expect(res.body.items.map((n: Item) => n.id)).toEqual(expect.arrayContaining([ids.A, ids.B, ids.C, ids.E]));
  });

  it('when filtering by category, skill, community or district, then only matching needs come back', async () => {
    expect(titles((await search('category=meal_delivery')).body)).toEqual(['乙']);
    expect(titles((await search('skill=driving')).body)).toEqual(['乙']);
    expect(titles((await search('skill=elderly_care&districtCode=510104')).body)).toEqual(['甲', '戊']);
    expect(titles((await search(`communityCode=${XINGFU}`)).body)).toEqual(['甲']);
    expect(titles((await search('districtCode=510106')).body)).toEqual(['丙']);
  });

  it('when a date range is given, then needs with a shift starting inside it come back with that shift as next', async () => {
    const at = (h: number) => new Date(Date.now() + h * HOUR).toISOString();
    const res = await search(`from=${at(90)}&to=${at(110)}`);
    expect(titles(res.body)).toEqual(['戊']);
    expect(res.body.items[0].nextShiftStartsAt).toBe(res.body.items[0].shifts[0].startsAt);
    const later = await search(`from=${at(100)}&districtCode=510104`);
    expect(titles(later.body)).toEqual(['戊']);
    expect(later.body.items[0].nextShiftStartsAt).toBe(later.body.items[0].shifts[1].startsAt);
    expect(titles((await search(`to=${at(30)}`)).body)).toEqual(['乙']);
  });

  it('when paging with either ordering, then every need appears once, in order, across pages', async () => {
    const here = centreOf(JIXIANG);
    // Equal distances (same point) and equal start times make the id the tie-breaker.
    for (let i = 0; i < 7; i += 1) await post(`分页${i}`, JIXIANG, { shifts: [aShift((30 + (i % 3)) * HOUR)] });
    for (const sort of ['soonest', 'nearest']) {
      const base = `communityCode=${JIXIANG}&near=${here.lat},${here.lng}&sort=${sort}`;
      const all = (await search(`${base}&limit=100`)).body.items.map((n: Item) => n.id);
      expect(all).toHaveLength(7);
      const paged: string[] = [];
      let cursor: string | null = null;
      do {
        const res = await search(`${base}&limit=3${cursor ? `&cursor=${cursor}` : ''}`);
        expect(res.status).toBe(200);
        paged.push(...res.body.items.map((n: Item) => n.id));
        cursor = res.body.nextCursor;
      } while (cursor);
      expect({ sort, paged }).toEqual({ sort, paged: all });
    }
  });

  it('when the query is bad, then 400 with a Chinese message', async () => {
    const here = centreOf(XINGFU);
    const page = await search(`districtCode=510104&limit=1`);
    const soonestCursor: string = page.body.nextCursor;
    const tampered = soonestCursor.slice(0, -2) + (soonestCursor.endsWith('AA') ? 'BB' : 'AA');
    for (const query of [
      'radiusKm[$gt]=0', 'radius=5', 'near=30.6,104.0&radiusKm=51', 'near=10,10', 'near=abc', 'sort=nearest',
      'sort=random', 'skill=flying', 'from=yesterday', `from=${new Date(Date.now() + HOUR).toISOString()}&to=${new Date().toISOString()}`,
      'cursor=not-a-cursor', `cursor=${tampered}`, `near=${here.lat},${here.lng}&sort=nearest&cursor=${soonestCursor}`,
    ]) {
      const res = await search(query);
      expect({ query, status: res.status, code: res.body.code }).toEqual({ query, status: 400, code: 'VALIDATION_FAILED' });
      expect(res.body.errors[0].message).toMatch(/[\u4e00-\u9fa5]/);
    }
  });
});
