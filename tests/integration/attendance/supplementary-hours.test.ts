import request from 'supertest';
import { startTestApi, type TestApi } from '../../helpers/test-api';
import { aSignedUpShift, serve } from '../../fixtures/attendance';
import { COMMUNITY, OTHER_COMMUNITY } from '../../fixtures/needs';
import { aCommunityStaff, aUser, aVolunteer, bearer, type TestUser } from '../../fixtures/users';

let api: TestApi;
let staff: TestUser;

beforeAll(async () => {
  api = await startTestApi();
  staff = await aCommunityStaff(api, COMMUNITY);
});
afterAll(() => api.stop());

const MINUTE = 60_000;
const supplement = (user: TestUser, enrollmentId: string, body: object) =>
  request(api.url).post(`/api/v1/enrollments/${enrollmentId}/supplementary-hours`).set(bearer(user)).send(body);
const ledgerOf = (enrollmentId: string) => api.runtime.infra.connection.collection('service_hours').find({ enrollmentId }).toArray();
const body = { minutes: 20, reason: '线下协助整理物资', evidenceUrl: 'https://example.org/photos/1.jpg' };

/** A ten-minute shift that has started (and the volunteer served it), so hours may be added. */
async function startedShift() {
  const shift = await aSignedUpShift(api, staff, { startsInMs: 1500, lengthMs: 10 * MINUTE });
  await new Promise((resolve) => setTimeout(resolve, 1600));
  return shift;
}

describe('POST /api/v1/enrollments/:id/supplementary-hours', () => {
  it("when staff of the need's community add hours, then one ledger entry of its own kind, shown apart in /me/hours", async () => {
    const shift = await startedShift();
    const res = await supplement(staff, shift.enrollmentId, { minutes: 6, reason: body.reason, evidenceUrl: body.evidenceUrl });
    expect(res.status).toBe(201);
    expect(res.body).toMatchObject({ enrollmentId: shift.enrollmentId, minutes: 6, reason: body.reason, evidenceUrl: body.evidenceUrl });
    expect(await ledgerOf(shift.enrollmentId)).toEqual([
      expect.objectContaining({ _id: `supplement:${shift.enrollmentId}`, kind: 'supplementary', minutes: 6, note: body.reason }),
    ]);
    const again = await supplement(staff, shift.enrollmentId, { minutes: 1, reason: body.reason });
    expect(again.status).toBe(409);
    const hours = await request(api.url).get('/api/v1/me/hours').set(bearer(shift.volunteer));
    expect(hours.body).toMatchObject({ totalHours: 0.1, supplementaryHours: 0.1 });
    // Never checked in: the export still carries the shift, from the supplementary entry alone.
    const exported = await request(api.url).get('/api/v1/me/service-records').set(bearer(shift.volunteer));
    expect(exported.body.records).toEqual([expect.objectContaining({
      enrollmentId: shift.enrollmentId, needId: shift.needId, checkInAt: null, supplementaryMinutes: 6, status: 'supplementary_only',
    })]);
  });

  it('when staff of another community, the volunteer or a stranger try, then 403 and nothing is stored', async () => {
    const shift = await startedShift();
    for (const user of [await aCommunityStaff(api, OTHER_COMMUNITY), shift.volunteer, await aVolunteer(api), await aUser(api, ['org_admin'])]) {
      expect((await supplement(user, shift.enrollmentId, { minutes: 5, reason: body.reason })).status).toBe(403);
    }
    expect(await ledgerOf(shift.enrollmentId)).toEqual([]);
    const districtAdmin = await aUser(api, ['district_admin'], { districtCode: '510104' });
    expect((await supplement(districtAdmin, shift.enrollmentId, { minutes: 5, reason: body.reason })).status).toBe(201);
  });

  it('when supplementary and verified minutes together would exceed the shift, then 400 HOURS_EXCEED_SHIFT, either way round', async () => {
    const shift = await startedShift();
    expect((await supplement(staff, shift.enrollmentId, { minutes: 11, reason: body.reason })).body.code).toBe('HOURS_EXCEED_SHIFT');
    await serve(api, staff, shift, 7);
    expect((await supplement(staff, shift.enrollmentId, { minutes: 4, reason: body.reason })).body.code).toBe('HOURS_EXCEED_SHIFT');
    expect((await supplement(staff, shift.enrollmentId, { minutes: 3, reason: body.reason })).status).toBe(201);
    const exported = await request(api.url).get('/api/v1/me/service-records').set(bearer(shift.volunteer));
    expect(exported.body.records).toEqual([expect.objectContaining({ verifiedMinutes: 7, supplementaryMinutes: 3, status: 'verified' })]);

    const other = await startedShift();
    await supplement(staff, other.enrollmentId, { minutes: 8, reason: body.reason }).expect(201);
    const code = (await request(api.url).get(`/api/v1/needs/${other.needId}/shifts/${other.shiftId}/check-in-code`).set(bearer(staff))).body.code;
    await request(api.url).post(`/api/v1/enrollments/${other.enrollmentId}/check-in`).set(bearer(other.volunteer)).send({ code }).expect(201);
    await request(api.url).post(`/api/v1/enrollments/${other.enrollmentId}/check-out`).set(bearer(other.volunteer)).send({ code }).expect(200);
    const verify = await request(api.url).post(`/api/v1/enrollments/${other.enrollmentId}/verify`).set(bearer(staff)).send({ minutes: 3 });
    expect(verify.body.code).toBe('HOURS_EXCEED_SHIFT');
  });

  it('when the shift has not started or the body is bad, then refused and nothing is stored', async () => {
    const future = await aSignedUpShift(api, staff, { startsInMs: 60 * MINUTE });
    expect((await supplement(staff, future.enrollmentId, body)).status).toBe(409);
    const shift = await startedShift();
    for (const bad of [{ minutes: 0, reason: body.reason }, { minutes: 5 }, { minutes: 5, reason: body.reason, evidenceUrl: 'http://x.org' },
      { minutes: 5, reason: body.reason, extra: 1 }, { minutes: { $gt: 0 }, reason: body.reason }]) {
      const res = await supplement(staff, shift.enrollmentId, bad);
      expect({ bad, status: res.status }).toEqual({ bad, status: 400 });
    }
    expect(await ledgerOf(shift.enrollmentId)).toEqual([]);
    expect((await supplement(staff, '0123456789abcdef01234567:0123456789abcdef01234567', body)).status).toBe(404);
  });
});
