import request from 'supertest';
import type { mongo } from 'mongoose';
import { CITY_CODE, shanghaiDayOf, type StatsExportView } from '@tongxin/shared';
import { startTestApi, type TestApi } from '../../helpers/test-api';
import { eventually } from '../../helpers/eventually';
import { aCommunityStaff, aUser, bearer, type TestUser } from '../../fixtures/users';
import { aMealPointBody, anElderBody } from '../../fixtures/meal-points';
import { COMMUNITY } from '../../fixtures/needs';
import { generateCity } from '../../../scripts/city/city';
import { generateHistory } from '../../../scripts/city/history';
import { childAreas } from '../../../server/src/modules/stats/stats.rollup';

const NOW = new Date('2026-11-20T00:00:00Z');
const FROM = '2026-10-15';
const TO = '2026-11-19';
const DAY_MS = 86_400_000;
const BOM = '\uFEFF';

let api: TestApi;
let db: mongo.Db;
let cityAdmin: TestUser;
/** A community of the generated city with the most hours in the range. */
let busiest: { code: string; lines: number };

beforeAll(async () => {
  api = await startTestApi();
  db = api.runtime.infra.connection.db!;
  await generateCity(db, { seed: 11, volunteers: 800, now: NOW, volunteerAccounts: false, enrollmentsPerVolunteer: 1, batchSize: 1000, log: () => undefined });
  await generateHistory(db, { seed: 11, now: NOW, days: 40, donorsPerDay: 0.2, batchSize: 1000 });
  await api.runtime.modules.stats.rollup.rollUp(TO);
  cityAdmin = await aUser(api, ['city_admin']);
  busiest = await busiestCommunity();
}, 600_000);
afterAll(() => api.stop());

/** Parses the simple CSV written here (no embedded quotes or line breaks in these tables). */
function parse(text: string): { header: string[]; rows: string[][] } {
  const lines = text.replace(BOM, '').split('\r\n').filter((l) => l !== '');
  const cells = (line: string) => line.split(',').map((c) => c.replace(/^"|"$/g, ''));
  return { header: cells(lines[0]!), rows: lines.slice(1).map(cells) };
}

const csv = (user: TestUser, path: string, query: object = {}) =>
  request(api.url).get(path).query(query).set(bearer(user)).buffer(true).parse((res, done) => {
    const chunks: Buffer[] = [];
    res.on('data', (c: Buffer) => chunks.push(c));
    res.on('end', () => done(null, Buffer.concat(chunks).toString('utf8')));
  });

async function exportJob(user: TestUser, body: object): Promise<StatsExportView> {
  const started = await request(api.url).post('/api/v1/stats/exports').set(bearer(user)).send(body).expect(202);
  expect(started.body).toMatchObject({ status: 'queued', downloadUrl: null });
  return eventually(async () => {
    const status = await request(api.url).get(`/api/v1/stats/exports/${started.body.id}`).set(bearer(user)).expect(200);
    expect(status.body.status).toBe('ready');
    return status.body as StatsExportView;
  }, 60_000, 200);
}

describe('GET /api/v1/stats/exports/:table.csv', () => {
  it('when the city admin exports the overview, then a BOM, Chinese headers and one row per day equal to the API', async () => {
    const res = await csv(cityAdmin, '/api/v1/stats/exports/overview.csv', { from: FROM, to: TO }).expect(200);
    expect(res.headers['content-type']).toBe('text/csv; charset=utf-8');
    expect(res.headers['content-disposition']).toContain(`overview-${CITY_CODE}-${FROM}-${TO}.csv`);
    expect((res.body as string).startsWith(BOM)).toBe(true);
    const { header, rows } = parse(res.body as string);
    expect(header.slice(0, 4)).toEqual(['日期', '地区编码', '地区', '注册志愿者']);
    expect(header).toContain('捐赠金额（元）');
    const days = (Date.parse(TO) - Date.parse(FROM)) / DAY_MS + 1;
    expect(rows).toHaveLength(days);
    const api_ = await request(api.url).get('/api/v1/stats/overview').query({ from: TO, to: TO }).set(bearer(cityAdmin)).expect(200);
    const last = rows.at(-1)!;
    expect(last[0]).toBe(TO);
    expect(Number(last[header.indexOf('注册志愿者')])).toBe(api_.body.figures.registeredVolunteers);
    expect(Number(last[header.indexOf('核定服务时长（分钟）')])).toBe(api_.body.figures.verifiedMinutes);
    expect(last[header.indexOf('捐赠金额（元）')]).toBe((api_.body.figures.donationsFen / 100).toFixed(2));
    expect(api_.body.figures.registeredVolunteers).toBeGreaterThan(0);
  });

  it('when admins compare areas, then one row per child area in their scope; others are refused', async () => {
    const city = parse((await csv(cityAdmin, '/api/v1/stats/exports/areas.csv', { from: TO, to: TO }).expect(200)).body as string);
    expect(city.rows).toHaveLength(childAreas(CITY_CODE).length);
    expect(city.header.slice(0, 5)).toEqual(['开始日期', '结束日期', '地区编码', '地区', '层级']);
    const district = await aUser(api, ['district_admin'], { districtCode: '510104' });
    const streets = parse((await csv(district, '/api/v1/stats/exports/areas.csv', { from: TO, to: TO }).expect(200)).body as string);
    expect(streets.rows.map((r) => r[2])).toEqual(childAreas('510104'));
    expect((await csv(district, '/api/v1/stats/exports/areas.csv', { areaCode: '510105' })).status).toBe(403);
    expect((await csv(district, '/api/v1/stats/exports/overview.csv', { areaCode: CITY_CODE })).status).toBe(403);
    const staff = await aCommunityStaff(api, COMMUNITY);
    expect((await csv(staff, '/api/v1/stats/exports/overview.csv')).status).toBe(403);
    expect((await csv(cityAdmin, '/api/v1/stats/exports/unknown.csv')).status).toBe(400);
    expect((await csv(cityAdmin, '/api/v1/stats/exports/overview.csv', { extra: 1 })).status).toBe(400);
  });

  it('when a table that grows with the city is asked for directly, then EXPORT_NEEDS_JOB', async () => {
    const res = await csv(cityAdmin, '/api/v1/stats/exports/volunteer-hours.csv', { areaCode: busiest.code });
    expect(res.status).toBe(409);
    expect(JSON.parse(res.body as string).code).toBe('EXPORT_NEEDS_JOB');
  });
});

describe('background exports', () => {
  it('when a district admin exports a community’s volunteer hours, then the job writes every ledger line with masked names, audited on request and download', async () => {
    const admin = await aUser(api, ['district_admin'], { districtCode: busiest.code.slice(0, 6) });
    const ready = await exportJob(admin, { table: 'volunteer-hours', areaCode: busiest.code, from: FROM, to: TO });
    expect(ready.rows).toBe(busiest.lines);
    const file = await csv(admin, ready.downloadUrl!).expect(200);
    const text = file.body as string;
    expect(text.startsWith(BOM)).toBe(true);
    expect(Buffer.byteLength(text)).toBe(ready.bytes);
    const { header, rows } = parse(text);
    expect(header).toEqual(['记录编号', '记录时间（北京时间）', '志愿者编号', '志愿者', '服务项目', '班次开始（北京时间）', '服务类别', '类型', '时长（分钟）']);
    expect(rows).toHaveLength(busiest.lines);
    expect(rows.every((r) => /^\S\*+$|^志愿者$/.test(r[3]!))).toBe(true);
    const audit = await request(api.url).get('/api/v1/audit').query({ subjectType: 'stats-export', subjectId: ready.id }).set(bearer(cityAdmin)).expect(200);
    expect(audit.body.items.map((e: { action: string }) => e.action).sort()).toEqual(['stats-export:download', 'stats-export:request']);
    expect(audit.body.items[0].actorId).toBe(admin.id);
  }, 120_000);

  it('when someone else asks for an export’s status or file, then 404; out of scope or not a community, refused', async () => {
    const owner = await aUser(api, ['city_admin']);
    const ready = await exportJob(owner, { table: 'areas', from: TO, to: TO });
    expect(ready.rows).toBe(childAreas(CITY_CODE).length);
    const other = await aUser(api, ['city_admin']);
    expect((await request(api.url).get(`/api/v1/stats/exports/${ready.id}`).set(bearer(other))).status).toBe(404);
    expect((await csv(other, ready.downloadUrl!)).status).toBe(404);
    const district = await aUser(api, ['district_admin'], { districtCode: '510104' });
    const post = (user: TestUser, body: object) => request(api.url).post('/api/v1/stats/exports').set(bearer(user)).send(body);
    expect((await post(district, { table: 'volunteer-hours', areaCode: '510105001001' })).status).toBe(403);
    expect((await post(district, { table: 'volunteer-hours', areaCode: '510104' })).body.code).toBe('VALIDATION_FAILED');
    expect((await post(district, { table: 'volunteer-hours', areaCode: '510104001001', extra: 1 })).status).toBe(400);
  }, 120_000);

  it('when the owner no longer holds the export\'s area (moved to another district since), then its status and file are refused', async () => {
    const admin = await aUser(api, ['district_admin'], { districtCode: '510104' });
    const ready = await exportJob(admin, { table: 'areas', from: TO, to: TO });
    await api.runtime.modules.users.service.grantRole(admin.id, 'district_admin', { districtCode: '510105' });
    const moved = { id: admin.id, token: (await api.runtime.modules.auth.issueTokens(admin.id)).accessToken };
    const status = await request(api.url).get(`/api/v1/stats/exports/${ready.id}`).set(bearer(moved));
    expect([status.status, status.body.code]).toEqual([403, 'FORBIDDEN']);
    expect((await csv(moved, ready.downloadUrl!)).status).toBe(403);
  }, 120_000);

  it('when meal points are booked, then the meal-point table has one row per open point-day-meal with the bookings counted', async () => {
    const staff = await aCommunityStaff(api, COMMUNITY);
    const point = (await request(api.url).post('/api/v1/meal-points').set(bearer(cityAdmin)).send(aMealPointBody({ name: '导出测试长者食堂' })).expect(201)).body as { id: string };
    const date = shanghaiDayOf(new Date(Date.now() + 2 * DAY_MS));
    for (let i = 0; i < 3; i++) {
      const elder = (await request(api.url).post('/api/v1/elders').set(bearer(staff)).send(anElderBody()).expect(201)).body as { id: string };
      await request(api.url).post(`/api/v1/meal-points/${point.id}/bookings`).set(bearer(staff)).send({ elderId: elder.id, date, meal: 'lunch', mode: 'dine_in' }).expect(201);
    }
    const ready = await exportJob(cityAdmin, { table: 'meal-points', areaCode: COMMUNITY, from: date, to: date });
    const { header, rows } = parse((await csv(cityAdmin, ready.downloadUrl!).expect(200)).body as string);
    const points = await db.collection('meal_points').countDocuments({ communityCode: COMMUNITY, kind: 'meal_point' });
    expect(rows).toHaveLength(points * 2); // lunch and dinner, open every day
    const lunch = rows.find((r) => r[0] === point.id && r[4] === '午餐')!;
    expect(lunch[header.indexOf('供餐份数')]).toBe('25');
    expect(lunch[header.indexOf('预订份数')]).toBe('3');
    expect(lunch[header.indexOf('使用率')]).toBe('12.0%');
  }, 120_000);

  it('when an export has expired, then its file answers 410, and the purge removes the record and its chunks', async () => {
    const ready = await exportJob(cityAdmin, { table: 'overview', from: FROM, to: TO });
    await db.collection('stats_exports').updateOne({ _id: ready.id as never }, { $set: { expiresAt: new Date(Date.now() - 1000) } });
    const gone = await csv(cityAdmin, ready.downloadUrl!);
    expect(gone.status).toBe(410);
    expect(JSON.parse(gone.body as string).code).toBe('EXPORT_EXPIRED');
    expect((await api.runtime.modules.stats.exports.purgeExpired()).purged).toBeGreaterThanOrEqual(1);
    expect((await request(api.url).get(`/api/v1/stats/exports/${ready.id}`).set(bearer(cityAdmin))).status).toBe(404);
    expect(await db.collection('stats_export_chunks').countDocuments({ exportId: ready.id })).toBe(0);
  }, 120_000);
});

/** Counts, straight from the store, the hours-ledger lines in the range per community of the sign-up. */
async function busiestCommunity(): Promise<{ code: string; lines: number }> {
  const communityOf = new Map<string, string>();
  for await (const e of db.collection('enrollments').find({}, { projection: { communityCode: 1 } })) communityOf.set(String(e._id), e.communityCode as string);
  const start = Date.parse(`${FROM}T00:00:00+08:00`);
  const end = Date.parse(`${TO}T00:00:00+08:00`) + DAY_MS;
  const lines = new Map<string, number>();
  for await (const h of db.collection('service_hours').find({})) {
    const at = (h.createdAt as Date).getTime();
    const code = communityOf.get(h.enrollmentId as string);
    if (code && at >= start && at < end) lines.set(code, (lines.get(code) ?? 0) + 1);
  }
  const [code, count] = [...lines].sort((a, b) => b[1] - a[1])[0]!;
  expect(count).toBeGreaterThan(1);
  return { code, lines: count };
}
