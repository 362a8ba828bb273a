import request from 'supertest';
import { Types } from 'mongoose';
import { pdfText } from '../../helpers/pdf-text';
import { startTestApi, type TestApi } from '../../helpers/test-api';
import { aSignedUpShift, serve } from '../../fixtures/attendance';
import { COMMUNITY } from '../../fixtures/needs';
import { aCommunityStaff, aVolunteer, bearer, type TestUser } from '../../fixtures/users';

let api: TestApi;
let staff: TestUser;

beforeAll(async () => {
  api = await startTestApi({ PUBLIC_BASE_URL: 'https://tongxin.example.cn' });
  staff = await aCommunityStaff(api, COMMUNITY);
});
afterAll(() => api.stop());

const MINUTE = 60_000;

/** A volunteer with two verified shifts (12 and 18 minutes, back to back so check-in is open for both) on two needs. */
async function aVolunteerWithHours(): Promise<TestUser> {
  const volunteer = await aVolunteer(api);
  await serve(api, staff, await aSignedUpShift(api, staff, { volunteer, title: '陪伴独居老人散步', startsInMs: 2 * MINUTE, lengthMs: 12 * MINUTE }), 12);
  await serve(api, staff, await aSignedUpShift(api, staff, { volunteer, title: '社区助餐送餐', startsInMs: 15 * MINUTE, lengthMs: 18 * MINUTE }), 18);
  return volunteer;
}

describe('POST /api/v1/me/certificates', () => {
  it('when a volunteer with verified hours asks, then a certificate whose hours equal the ledger, by activity', async () => {
    const volunteer = await aVolunteerWithHours();
    const hours = (await request(api.url).get('/api/v1/me/hours').set(bearer(volunteer)).expect(200)).body;
    const res = await request(api.url).post('/api/v1/me/certificates').set(bearer(volunteer)).send({});
    expect(res.status).toBe(201);
    expect(res.body.code).toMatch(/^[A-HJ-NP-Z2-9]{4}-[A-HJ-NP-Z2-9]{4}-[A-HJ-NP-Z2-9]{4}$/);
    expect(res.body.totalHours).toBe(hours.totalHours);
    expect(res.body.totalHours).toBe(0.5);
    expect(res.body).toMatchObject({
      verifyUrl: `https://tongxin.example.cn/api/v1/certificates/${res.body.code}`,
      volunteerNameMasked: '王**',
      issuer: '成都市同心志愿服务平台',
      supplementaryHours: 0,
    });
    expect(res.body.activities.map((a: { title: string; hours: number; shifts: number }) => [a.title, a.hours, a.shifts]).sort())
      .toEqual([['社区助餐送餐', 0.3, 1], ['陪伴独居老人散步', 0.2, 1]]);
    expect(res.body.organizations).toHaveLength(1);

    const mine = await request(api.url).get('/api/v1/me/certificates').set(bearer(volunteer)).expect(200);
    expect(mine.body.items.map((c: { code: string }) => c.code)).toEqual([res.body.code]);
  });

  it('when the period holds no verified hours, or the volunteer has none, then 409 CERTIFICATE_NO_HOURS', async () => {
    const volunteer = await aVolunteerWithHours();
    const past = await request(api.url).post('/api/v1/me/certificates').set(bearer(volunteer)).send({ from: '2020-01-01', to: '2020-12-31' });
    expect(past.status).toBe(409);
    expect(past.body.code).toBe('CERTIFICATE_NO_HOURS');
    const newcomer = await aVolunteer(api);
    expect((await request(api.url).post('/api/v1/me/certificates').set(bearer(newcomer)).send({})).body.code).toBe('CERTIFICATE_NO_HOURS');
  });

  it('when the body is malformed, carries operators, unknown fields or a reversed period, then 400 and nothing is stored', async () => {
    const volunteer = await aVolunteerWithHours();
    const bodies = [
      { from: '2026-13-01' }, { from: 20260101 }, { from: { $gt: '' } }, { scope: 'all' },
      { from: '2026-12-01', to: '2026-01-01' }, { to: 'x'.repeat(10_000) },
    ];
    for (const body of bodies) {
      const res = await request(api.url).post('/api/v1/me/certificates').set(bearer(volunteer)).send(body);
      expect({ body, status: res.status }).toEqual({ body, status: 400 });
    }
    expect(await api.runtime.infra.connection.collection('service_certificates').countDocuments({ userId: new Types.ObjectId(volunteer.id) })).toBe(0);
  });

  it('when staff or a signed-out caller ask, then they cannot issue one', async () => {
    expect((await request(api.url).post('/api/v1/me/certificates').set(bearer(staff)).send({})).status).toBe(403);
    expect((await request(api.url).post('/api/v1/me/certificates').send({})).status).toBe(401);
  });
});

describe('GET /api/v1/me/certificates/:code/pdf and GET /api/v1/certificates/:code', () => {
  it('when the owner downloads the PDF, then it parses and carries the national fields, the code and the total', async () => {
    const volunteer = await aVolunteerWithHours();
    const { code, totalHours } = (await request(api.url).post('/api/v1/me/certificates').set(bearer(volunteer)).send({}).expect(201)).body;
    const res = await request(api.url).get(`/api/v1/me/certificates/${code}/pdf`).set(bearer(volunteer))
      .buffer(true).parse((response, done) => {
        const chunks: Buffer[] = [];
        response.on('data', (chunk: Buffer) => chunks.push(chunk));
        response.on('end', () => done(null, Buffer.concat(chunks)));
      });
    expect(res.status).toBe(200);
    expect(res.headers['content-type']).toBe('application/pdf');
    const pdf = res.body as Buffer;
    expect(pdf.subarray(0, 5).toString()).toBe('%PDF-');
    const { text: raw, pages } = await pdfText(pdf);
    expect(pages).toBe(1);
    const text = raw.replace(/\s+/g, '');
    for (const expected of ['志愿服务记录证明', code, '王小明', '陪伴独居老人散步', '社区助餐送餐', `累计志愿服务时长${totalHours}小时`, '出具组织：成都市同心志愿服务平台']) {
      expect(text).toContain(expected.replace(/\s+/g, ''));
    }
    // The ID number is printed masked, never in full.
    expect(text).toMatch(/公民身份号码：\d{4}\*+\d{3}[\dX]/);
  });

  it('when anyone checks the code, then the public answer confirms it with a masked name and no personal data', async () => {
    const volunteer = await aVolunteerWithHours();
    const issued = (await request(api.url).post('/api/v1/me/certificates').set(bearer(volunteer)).send({}).expect(201)).body;
    const res = await request(api.url).get(`/api/v1/certificates/${issued.code}`);
    expect(res.status).toBe(200);
    expect(res.body).toEqual({
      valid: true, code: issued.code, volunteerNameMasked: '王**', totalHours: issued.totalHours,
      period: issued.period, issuer: '成都市同心志愿服务平台', issuedAt: issued.issuedAt,
    });
    expect(JSON.stringify(res.body)).not.toContain('王小明');
    expect((await request(api.url).get('/api/v1/certificates/ABCD-EFGH-JKLM')).status).toBe(404);
    expect((await request(api.url).get('/api/v1/certificates/not-a-code')).status).toBe(400);
  });

  it("when another volunteer asks for someone's PDF, then 404 as if it did not exist", async () => {
    const volunteer = await aVolunteerWithHours();
    const { code } = (await request(api.url).post('/api/v1/me/certificates').set(bearer(volunteer)).send({}).expect(201)).body;
    const other = await aVolunteer(api);
    expect((await request(api.url).get(`/api/v1/me/certificates/${code}/pdf`).set(bearer(other))).status).toBe(404);
    expect((await request(api.url).get('/api/v1/me/certificates').set(bearer(other))).body.items).toEqual([]);
  });
});
