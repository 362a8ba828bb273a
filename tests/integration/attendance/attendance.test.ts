import request from 'supertest';
import { startTestApi, type TestApi } from '../../helpers/test-api';
import { aNeedBody, aShift, COMMUNITY, OTHER_COMMUNITY } from '../../fixtures/needs';
import { aCommunityStaff, aVolunteer, bearer, type TestUser } from '../../fixtures/users';

let api: TestApi;
let staff: TestUser;

beforeAll(async () => {
  api = await startTestApi();
  staff = await aCommunityStaff(api, COMMUNITY);
});
afterAll(() => api.stop());

const MINUTE = 60_000;
const NEED_POINT = { lat: 30.657, lng: 104.083 };

/** A need whose single one-hour shift starts in `startsInMs`, and a volunteer signed up for it. */
async function signedUpShift(startsInMs = 10 * MINUTE) {
  const need = await request(api.url).post('/api/v1/needs').set(bearer(staff))
    .send(aNeedBody({ location: NEED_POINT, shifts: [aShift(startsInMs, 5, 60 * MINUTE)] })).expect(201);
  const needId: string = need.body.id;
  const shiftId: string = need.body.shifts[0].id;
  const volunteer = await aVolunteer(api);
  const enrollment = await request(api.url).post(`/api/v1/needs/${needId}/shifts/${shiftId}/enrollments`).set(bearer(volunteer)).send({}).expect(201);
  return { needId, shiftId, volunteer, enrollmentId: enrollment.body.id as string };
}

const codeFor = async (needId: string, shiftId: string, user = staff) =>
  request(api.url).get(`/api/v1/needs/${needId}/shifts/${shiftId}/check-in-code`).set(bearer(user));

describe('GET /api/v1/needs/:id/shifts/:shiftId/check-in-code', () => {
  it("when the need's community staff ask, then a rotating code with its expiry; others get 403", async () => {
    const { needId, shiftId, volunteer } = await signedUpShift();
    const res = await codeFor(needId, shiftId);
    expect(res.status).toBe(200);
    expect(res.headers['cache-control']).toBe('no-store');
    expect(res.body.code).toMatch(/^\d+\.[A-Za-z0-9_-]{22}$/);
    expect(res.body.refreshInSeconds).toBeLessThanOrEqual(30);
    expect((await codeFor(needId, shiftId, volunteer)).status).toBe(403);
    expect((await codeFor(needId, shiftId, await aCommunityStaff(api, OTHER_COMMUNITY))).status).toBe(403);
  });
});

describe('POST /api/v1/enrollments/:id/check-in', () => {
  it('when the volunteer scans the current code, then checked in once; a second scan is 409', async () => {
    const { needId, shiftId, volunteer, enrollmentId } = await signedUpShift();
    const { code } = (await codeFor(needId, shiftId)).body;
    const res = await request(api.url).post(`/api/v1/enrollments/${enrollmentId}/check-in`).set(bearer(volunteer)).send({ code });
    expect(res.status).toBe(201);
    expect(res.body).toMatchObject({ enrollmentId, status: 'checked_in', flags: [] });
    const again = await request(api.url).post(`/api/v1/enrollments/${enrollmentId}/check-in`).set(bearer(volunteer)).send({ code });
    expect(again.status).toBe(409);
    expect(again.body.code).toBe('ALREADY_CHECKED_IN');
  });

  it("when the code is expired, forged or another shift's, then 400 CHECK_IN_CODE_INVALID", async () => {
    const { needId, shiftId, volunteer, enrollmentId } = await signedUpShift();
    const other = await signedUpShift();
    const { code } = (await codeFor(needId, shiftId)).body as { code: string };
    const [window, signature] = code.split('.');
    const stale = `${Number(window) - 2}.${signature}`;
    const forged = `${window}.${'A'.repeat(22)}`;
    const othersCode = (await codeFor(other.needId, other.shiftId)).body.code;
    for (const bad of [stale, forged, othersCode]) {
      const res = await request(api.url).post(`/api/v1/enrollments/${enrollmentId}/check-in`).set(bearer(volunteer)).send({ code: bad });
      expect({ bad, code: res.body.code }).toEqual({ bad, code: 'CHECK_IN_CODE_INVALID' });
    }
  });

  it("when someone else tries to check in on a volunteer's enrollment, then 403", async () => {
    const { needId, shiftId, enrollmentId } = await signedUpShift();
    const { code } = (await codeFor(needId, shiftId)).body;
    const intruder = await aVolunteer(api);
    expect((await request(api.url).post(`/api/v1/enrollments/${enrollmentId}/check-in`).set(bearer(intruder)).send({ code })).status).toBe(403);
  });

  it('when the shift starts in 3 h, then check-in is not open yet', async () => {
    const { needId, shiftId, volunteer, enrollmentId } = await signedUpShift(3 * 60 * MINUTE);
    const { code } = (await codeFor(needId, shiftId)).body;
    const res = await request(api.url).post(`/api/v1/enrollments/${enrollmentId}/check-in`).set(bearer(volunteer)).send({ code });
    expect(res.status).toBe(409);
    expect(res.body.code).toBe('CHECK_IN_NOT_OPEN');
  });

  it('when checking in by location, then near the need is accepted and 2 km away is refused', async () => {
    const { volunteer, enrollmentId } = await signedUpShift();
    const far = await request(api.url).post(`/api/v1/enrollments/${enrollmentId}/check-in`).set(bearer(volunteer))
      .send({ location: { lat: NEED_POINT.lat + 0.018, lng: NEED_POINT.lng } });
    expect(far.body.code).toBe('CHECK_IN_TOO_FAR');
    const near = await request(api.url).post(`/api/v1/enrollments/${enrollmentId}/check-in`).set(bearer(volunteer))
      .send({ location: { lat: NEED_POINT.lat + 0.001, lng: NEED_POINT.lng } });
    expect(near.status).toBe(201);
  });

  it('when the proof is missing, malformed or carries operators, then 400 and nothing is stored', async () => {
    const { volunteer, enrollmentId } = await signedUpShift();
    for (const body of [{}, { code: { $gt: '' } }, { code: 'x', location: NEED_POINT }, { location: { lat: 'a', lng: 1 } }]) {
      const res = await request(api.url).post(`/api/v1/enrollments/${enrollmentId}/check-in`).set(bearer(volunteer)).send(body);
      expect(res.status).toBe(400);
    }
    expect(await api.runtime.infra.connection.collection('attendance').countDocuments({ _id: enrollmentId } as never)).toBe(0);
  });
});

describe('check-out, verification and hours', () => {
  it('when staff verify hours, then the ledger, totals and star progress follow, and the record is final', async () => {
    const { needId, shiftId, volunteer, enrollmentId } = await signedUpShift();
    const url = (action: string) => `/api/v1/enrollments/${enrollmentId}/${action}`;
    const code = async () => ({ code: (await codeFor(needId, shiftId)).body.code as string });

    expect((await request(api.url).post(url('check-out')).set(bearer(volunteer)).send(await code())).body.code).toBe('NOT_CHECKED_IN');
    await request(api.url).post(url('check-in')).set(bearer(volunteer)).send(await code()).expect(201);
    const out = await request(api.url).post(url('check-out')).set(bearer(volunteer)).send(await code());
    expect(out.status).toBe(200);
    // Checked in and out before the shift began: system hours are clamped to the shift, so zero.
    expect(out.body).toMatchObject({ status: 'checked_out', systemMinutes: 0 });

    const otherStaff = await aCommunityStaff(api, OTHER_COMMUNITY);
    expect((await request(api.url).post(url('verify')).set(bearer(otherStaff)).send({ minutes: 30 })).status).toBe(403);
    expect((await request(api.url).post(url('verify')).set(bearer(volunteer)).send({ minutes: 30 })).status).toBe(403);
    expect((await request(api.url).post(url('verify')).set(bearer(staff)).send({ minutes: 61 })).body.code).toBe('HOURS_EXCEED_SHIFT');

    const verified = await request(api.url).post(url('verify')).set(bearer(staff)).send({ minutes: 45, note: '提前到岗协助布置' });
    expect(verified.status).toBe(200);
    expect(verified.body).toMatchObject({ status: 'verified', verifiedMinutes: 45 });
    expect((await request(api.url).post(url('verify')).set(bearer(staff)).send({ minutes: 60 })).body.code).toBe('ALREADY_VERIFIED');

    const hours = await request(api.url).get('/api/v1/me/hours').set(bearer(volunteer));
    expect(hours.body).toEqual({
      totalHours: 0.8,
      supplementaryHours: 0,
      byCategory: { elderly_visit: 0.8 },
      byYear: { [String(new Date(Date.now() + 8 * 3_600_000).getUTCFullYear())]: 0.8 },
      stars: 0,
      hoursToNextStar: 99.2,
    });
    const ledger = await api.runtime.infra.connection.collection('service_hours').find({ enrollmentId }).toArray();
    expect(ledger.map((e) => e.minutes)).toEqual([45]);
  });
});
