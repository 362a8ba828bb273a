import request from 'supertest';
import type { ServiceRecordsExport } from '@tongxin/shared';
import { startTestApi, type TestApi } from '../../helpers/test-api';
import { aSignedUpShift, serve } from '../../fixtures/attendance';
import { COMMUNITY } from '../../fixtures/needs';
import { aCommunityStaff, aVolunteer, bearer, type TestUser } from '../../fixtures/users';

let api: TestApi;
let staff: TestUser;

beforeAll(async () => {
  api = await startTestApi();
  staff = await aCommunityStaff(api, COMMUNITY);
});
afterAll(() => api.stop());

const exportOf = (user: TestUser, format?: string) =>
  request(api.url).get(`/api/v1/me/service-records${format ? `?format=${format}` : ''}`).set(bearer(user)).buffer(true)
    .parse((res, done) => {
      const chunks: Buffer[] = [];
      res.on('data', (c: Buffer) => chunks.push(c)).on('end', () => done(null, Buffer.concat(chunks)));
    });

/** RFC 4180 reader (quoted fields, doubled quotes, CRLF), enough to read the export back. */
function parseCsv(text: string): string[][] {
  const rows: string[][] = [];
  let row: string[] = [];
  let field = '';
  let quoted = false;
  for (let i = 0; i < text.length; i += 1) {
    const ch = text[i]!;
    if (quoted) {
      if (ch === '"' && text[i + 1] === '"') { field += '"'; i += 1; } else if (ch === '"') quoted = false; else field += ch;
    } else if (ch === '"') quoted = true;
    else if (ch === ',') { row.push(field); field = ''; } else if (ch === '\r' && text[i + 1] === '\n') { row.push(field); rows.push(row); row = []; field = ''; i += 1; } else field += ch;
  }
  if (field || row.length) { row.push(field); rows.push(row); }
  return rows;
}

describe('GET /api/v1/me/service-records', () => {
  it("when a volunteer exports as JSON, then every one of their records comes back in Shanghai time and no one else's", async () => {
    const volunteer = await aVolunteer(api);
    const first = await aSignedUpShift(api, staff, { volunteer, title: '社区助餐, "周一"', startsInMs: 2 * 60_000, lengthMs: 10 * 60_000 });
    await serve(api, staff, first, 8);
    const second = await aSignedUpShift(api, staff, { volunteer, startsInMs: 15 * 60_000, lengthMs: 10 * 60_000 });
    await serve(api, staff, second);
    const stranger = await aSignedUpShift(api, staff);
    await serve(api, staff, stranger, 30);

    const res = await request(api.url).get('/api/v1/me/service-records').set(bearer(volunteer));
    expect(res.status).toBe(200);
    const body = res.body as ServiceRecordsExport;
    expect(body).toMatchObject({ version: 1, timeZone: 'Asia/Shanghai' });
    expect(body.records.map((r) => r.enrollmentId)).toEqual([first.enrollmentId, second.enrollmentId]);
    expect(body.records[0]).toMatchObject({
      needId: first.needId, needTitle: '社区助餐, "周一"', category: 'elderly_visit', categoryName: '探访独居老人',
      communityCode: COMMUNITY, systemMinutes: 0, verifiedMinutes: 8, supplementaryMinutes: 0, status: 'verified',
    });
    expect(body.records[1]).toMatchObject({ status: 'checked_out', verifiedMinutes: null });
    expect(body.records[0]!.shiftStartsAt).toMatch(/^\d{4}-\d\d-\d\dT\d\d:\d\d:\d\d\.\d{3}\+08:00$/);
    const shift = (await request(api.url).get(`/api/v1/needs/${first.needId}`).set(bearer(volunteer))).body.shifts[0];
    expect(Date.parse(body.records[0]!.shiftStartsAt)).toBe(Date.parse(shift.startsAt));
    expect(JSON.stringify(body)).not.toContain(stranger.enrollmentId);
  });

  it('when exported as CSV, then UTF-8 with a BOM that parses back to the same records', async () => {
    const volunteer = await aVolunteer(api);
    const served = await aSignedUpShift(api, staff, { volunteer, title: '=HYPERLINK("x") 助老' });
    await serve(api, staff, served, 30);
    const other = await aSignedUpShift(api, staff);
    await serve(api, staff, other, 20);

    const res = await exportOf(volunteer, 'csv');
    expect(res.status).toBe(200);
    expect(res.headers['content-type']).toBe('text/csv; charset=utf-8');
    expect(res.headers['content-disposition']).toContain('service-records.csv');
    const bytes = res.body as Buffer;
    expect([...bytes.subarray(0, 3)]).toEqual([0xef, 0xbb, 0xbf]);
    const rows = parseCsv(bytes.subarray(3).toString('utf8'));
    expect(rows[0]).toEqual(['报名编号', '服务项目', '服务类别', '社区', '班次开始（北京时间）', '班次结束（北京时间）', '签到时间', '签退时间',
      '系统时长（分钟）', '核定时长（分钟）', '补录时长（分钟）', '状态']);
    expect(rows).toHaveLength(2);
    const [id, title, category, , startsAt, , , , system, verified, supplementary, status] = rows[1]!;
    expect({ id, title, category, system, verified, supplementary, status }).toEqual({
      id: served.enrollmentId, title: `'=HYPERLINK("x") 助老`, category: '探访独居老人', system: '0', verified: '30', supplementary: '0', status: '已核定',
    });
    expect(startsAt).toMatch(/^\d{4}-\d\d-\d\d \d\d:\d\d$/);
    expect(bytes.toString('utf8')).not.toContain(other.enrollmentId);
  });

  it('when the format is unknown or a field is smuggled, then 400; without a token, 401', async () => {
    const volunteer = await aVolunteer(api);
    for (const query of ['format=xlsx', 'format[$ne]=json', 'userId=0123456789abcdef01234567']) {
      const res = await request(api.url).get(`/api/v1/me/service-records?${query}`).set(bearer(volunteer));
      expect({ query, status: res.status }).toEqual({ query, status: 400 });
    }
    expect((await request(api.url).get('/api/v1/me/service-records')).status).toBe(401);
  });
});
