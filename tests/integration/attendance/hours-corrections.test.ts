import request from 'supertest';
import { startTestApi, type TestApi } from '../../helpers/test-api';
import { aSignedUpShift, serve, type SignedUpShift } from '../../fixtures/attendance';
import { COMMUNITY, OTHER_COMMUNITY } from '../../fixtures/needs';
import { aCommunityStaff, aVolunteer, bearer, type TestUser } from '../../fixtures/users';

let api: TestApi;
let staff: TestUser;

beforeAll(async () => {
  api = await startTestApi();
  staff = await aCommunityStaff(api, COMMUNITY);
});
afterAll(() => api.stop());

const MINUTE = 60_000;
const correct = (shift: SignedUpShift, user: TestUser, body: unknown) =>
  request(api.url).post(`/api/v1/enrollments/${shift.enrollmentId}/hours-corrections`).set(bearer(user)).send(body as object);
const ledger = (enrollmentId: string) => api.runtime.infra.connection.collection('service_hours').find({ enrollmentId }).toArray();

/** A shift of 20 minutes starting in 2 minutes, served and verified at `minutes`. */
async function aVerifiedShift(minutes = 10): Promise<SignedUpShift> {
  const shift = await aSignedUpShift(api, staff, { startsInMs: 2 * MINUTE, lengthMs: 20 * MINUTE });
  await serve(api, staff, shift, minutes);
  return shift;
}

describe('POST /api/v1/enrollments/:id/hours-corrections', () => {
  it('when staff correct verified hours, then a new ledger entry holds the change, the verified entry stays, and every total follows', async () => {
    const shift = await aVerifiedShift(10);
    const res = await correct(shift, staff, { minutes: 16, reason: '志愿者提前到岗布置场地' });
    expect(res.status).toBe(201);
    expect(res.body).toMatchObject({ enrollmentId: shift.enrollmentId, verifiedMinutes: 16, supplementaryMinutes: 0 });
    expect(res.body.entries.map((e: { kind: string; minutes: number }) => [e.kind, e.minutes])).toEqual([['verified', 10], ['correction', 6]]);
    expect(res.body.entries[1]).toMatchObject({ previousMinutes: 10, correctedMinutes: 16, note: '志愿者提前到岗布置场地', recordedBy: staff.id });

    const entries = await ledger(shift.enrollmentId);
    expect(entries.find((e) => e.kind === 'verified')).toMatchObject({ minutes: 10 });
    const hours = await request(api.url).get('/api/v1/me/hours').set(bearer(shift.volunteer)).expect(200);
    expect(hours.body.totalHours).toBe(0.3);
    const records = await request(api.url).get('/api/v1/me/service-records').set(bearer(shift.volunteer)).expect(200);
    expect(records.body.records[0].verifiedMinutes).toBe(16);
    const certificate = await request(api.url).post('/api/v1/me/certificates').set(bearer(shift.volunteer)).send({}).expect(201);
    expect(certificate.body.totalHours).toBe(hours.body.totalHours);

    const audit = await api.runtime.infra.connection.collection('audit_entries').find({ action: 'hours:correct', subjectId: shift.enrollmentId }).toArray();
    expect(audit).toHaveLength(1);
    expect(audit[0]).toMatchObject({ before: { verifiedMinutes: 10 }, after: { verifiedMinutes: 16 } });

    // Down again: the change is negative, the history keeps both steps.
    const down = await correct(shift, staff, { minutes: 12, reason: '核对签到表后更正' });
    expect(down.body.entries.map((e: { minutes: number }) => e.minutes)).toEqual([10, 6, -4]);
    expect((await request(api.url).get('/api/v1/me/hours').set(bearer(shift.volunteer))).body.totalHours).toBe(0.2);
  });

  it('when several staff correct at once, then the corrections form one chain, each built on the one before', async () => {
    const shift = await aVerifiedShift(10);
    const results = await Promise.all([11, 12, 13, 14, 15].map((minutes) => correct(shift, staff, { minutes, reason: '并发更正测试' })));
    expect(results.every((r) => r.status === 201 || (r.status === 409 && r.body.code === 'CONFLICT'))).toBe(true);
    expect(results.some((r) => r.status === 201)).toBe(true);
    const history = (await request(api.url).get(`/api/v1/enrollments/${shift.enrollmentId}/hours`).set(bearer(staff)).expect(200)).body;
    const corrections = history.entries.filter((e: { kind: string }) => e.kind === 'correction');
    expect(corrections).toHaveLength(results.filter((r) => r.status === 201).length);
    let previous = 10;
    for (const c of corrections) {
      expect(c.previousMinutes).toBe(previous);
      previous = c.correctedMinutes;
    }
    expect(history.verifiedMinutes).toBe(previous);
    const sum = (await ledger(shift.enrollmentId)).reduce((total, e) => total + (e.minutes as number), 0);
    expect(sum).toBe(previous);
  });

  it('when the hours would exceed the shift, are not verified yet, or nothing changes, then refused and nothing stored', async () => {
    const shift = await aVerifiedShift(10);
    expect((await correct(shift, staff, { minutes: 21, reason: '超过班次时长' })).body.code).toBe('HOURS_EXCEED_SHIFT');
    expect((await correct(shift, staff, { minutes: 10, reason: '没有变化' })).status).toBe(409);
    const unverified = await aSignedUpShift(api, staff, { startsInMs: 2 * MINUTE, lengthMs: 20 * MINUTE });
    await serve(api, staff, unverified);
    expect((await correct(unverified, staff, { minutes: 5, reason: '尚未核定' })).status).toBe(409);
    expect(await ledger(shift.enrollmentId)).toHaveLength(1);
    expect(await ledger(unverified.enrollmentId)).toHaveLength(0);
  });

  it('when the body has wrong types, unknown fields, operators or oversized text, then 400 and nothing stored', async () => {
    const shift = await aVerifiedShift(10);
    const bodies = [
      { minutes: '12', reason: '类型错误' }, { minutes: 12.5, reason: '非整数' }, { minutes: 12 },
      { minutes: 12, reason: '多余字段', verifiedBy: staff.id }, { minutes: { $gt: 1 }, reason: '操作符' },
      { minutes: 12, reason: { $ne: null } }, { minutes: 12, reason: '长'.repeat(201) },
    ];
    for (const body of bodies) {
      const res = await correct(shift, staff, body);
      expect({ body, status: res.status }).toEqual({ body, status: 400 });
    }
    expect(await ledger(shift.enrollmentId)).toHaveLength(1);
  });

  it("when another community's staff or a volunteer correct, then 403; another volunteer cannot read the history", async () => {
    const shift = await aVerifiedShift(10);
    expect((await correct(shift, await aCommunityStaff(api, OTHER_COMMUNITY), { minutes: 12, reason: '越权更正' })).status).toBe(403);
    expect((await correct(shift, shift.volunteer, { minutes: 20, reason: '自己更正' })).status).toBe(403);
    expect((await request(api.url).get(`/api/v1/enrollments/${shift.enrollmentId}/hours`).set(bearer(shift.volunteer))).status).toBe(200);
    expect((await request(api.url).get(`/api/v1/enrollments/${shift.enrollmentId}/hours`).set(bearer(await aVolunteer(api)))).status).toBe(404);
    expect((await request(api.url).get(`/api/v1/enrollments/${shift.enrollmentId}/hours`).set(bearer(await aCommunityStaff(api, OTHER_COMMUNITY)))).status).toBe(404);
    expect(await ledger(shift.enrollmentId)).toHaveLength(1);
  });
});

describe('flags and GET /api/v1/attendance/flagged', () => {
  const codeOf = async (shift: SignedUpShift) =>
    (await request(api.url).get(`/api/v1/needs/${shift.needId}/shifts/${shift.shiftId}/check-in-code`).set(bearer(staff))).body.code as string;
  const flagged = async (query = '') =>
    (await request(api.url).get(`/api/v1/attendance/flagged${query}`).set(bearer(staff)).expect(200)).body.items as Array<{ enrollmentId: string; flags: Array<{ code: string }> }>;
  const flagsOf = async (enrollmentId: string, query = '') =>
    (await flagged(query)).find((i) => i.enrollmentId === enrollmentId)?.flags.map((f) => f.code) ?? [];

  it('when one device checks in more volunteers in a day than allowed, then the extra check-ins are flagged shared_device', async () => {
    const shift = await aSignedUpShift(api, staff, { startsInMs: 5 * MINUTE });
    const others = await Promise.all([1, 2, 3].map(async () => {
      const volunteer = await aVolunteer(api);
      const res = await request(api.url).post(`/api/v1/needs/${shift.needId}/shifts/${shift.shiftId}/enrollments`).set(bearer(volunteer)).send({}).expect(201);
      return { ...shift, volunteer, enrollmentId: res.body.id as string };
    }));
    const device = `phone-${Date.now()}`;
    const checkIn = async (s: SignedUpShift) => request(api.url).post(`/api/v1/enrollments/${s.enrollmentId}/check-in`)
      .set(bearer(s.volunteer)).set('x-device-id', device).send({ code: await codeOf(s) });
    const results = [];
    for (const s of [shift, ...others]) results.push(await checkIn(s));
    expect(results.map((r) => r.status)).toEqual([201, 201, 201, 201]);
    expect(results.map((r) => r.body.flags.includes('shared_device'))).toEqual([false, false, false, true]);
    expect(await flagsOf(others[2]!.enrollmentId)).toContain('shared_device');
    const stored = await api.runtime.infra.connection.collection('attendance').findOne({ _id: shift.enrollmentId } as never);
    expect(stored?.deviceKey).toMatch(/^[A-Za-z0-9_-]{22}$/);
    expect(JSON.stringify(stored)).not.toContain(device);
  });

  it('when the device id header is malformed, then 400 and no check-in', async () => {
    const shift = await aSignedUpShift(api, staff, { startsInMs: 5 * MINUTE });
    const res = await request(api.url).post(`/api/v1/enrollments/${shift.enrollmentId}/check-in`)
      .set(bearer(shift.volunteer)).set('x-device-id', '{"$gt":""}').send({ code: await codeOf(shift) });
    expect(res.status).toBe(400);
    expect(await api.runtime.infra.connection.collection('attendance').countDocuments({ _id: shift.enrollmentId } as never)).toBe(0);
  });

  it('when a volunteer is checked in on two shifts at once, then both records are flagged overlapping', async () => {
    const volunteer = await aVolunteer(api);
    const first = await aSignedUpShift(api, staff, { volunteer, startsInMs: 2 * MINUTE, lengthMs: 5 * MINUTE });
    const second = await aSignedUpShift(api, staff, { volunteer, startsInMs: 8 * MINUTE, lengthMs: 5 * MINUTE });
    const url = (s: SignedUpShift, action: string) => `/api/v1/enrollments/${s.enrollmentId}/${action}`;
    await request(api.url).post(url(first, 'check-in')).set(bearer(volunteer)).send({ code: await codeOf(first) }).expect(201);
    await request(api.url).post(url(second, 'check-in')).set(bearer(volunteer)).send({ code: await codeOf(second) }).expect(201);
    const out = await request(api.url).post(url(second, 'check-out')).set(bearer(volunteer)).send({ code: await codeOf(second) }).expect(200);
    expect(out.body.flags).toContain('overlapping');
    expect(await flagsOf(first.enrollmentId)).toContain('overlapping');
  });

  it('when staff verify more than the system recorded, then flagged; once reviewed it leaves the default list', async () => {
    const shift = await aVerifiedShift(15);
    expect(await flagsOf(shift.enrollmentId)).toContain('above_system_hours');
    const reviewed = await request(api.url).post(`/api/v1/enrollments/${shift.enrollmentId}/attendance-review`).set(bearer(staff)).send({ note: '已电话核实' });
    expect(reviewed.status).toBe(200);
    expect(reviewed.body.reviewedAt).toBeDefined();
    expect(await flagsOf(shift.enrollmentId)).toEqual([]);
    expect(await flagsOf(shift.enrollmentId, '?includeReviewed=true')).toContain('above_system_hours');
  });

  it("when another community's staff or a volunteer ask for the list, then 403; bad queries are 400", async () => {
    const other = await aCommunityStaff(api, OTHER_COMMUNITY);
    expect((await request(api.url).get(`/api/v1/attendance/flagged?communityCode=${COMMUNITY}`).set(bearer(other))).status).toBe(403);
    expect((await request(api.url).get(`/api/v1/attendance/flagged?communityCode=${COMMUNITY}`).set(bearer(await aVolunteer(api)))).status).toBe(403);
    for (const query of ['?communityCode=123', '?limit=0', '?includeReviewed=yes', '?extra=1', '?communityCode[$ne]=x']) {
      expect({ query, status: (await request(api.url).get(`/api/v1/attendance/flagged${query}`).set(bearer(staff))).status }).toEqual({ query, status: 400 });
    }
  });
});
