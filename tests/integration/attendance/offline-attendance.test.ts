import { createHmac } from 'node:crypto';
import request from 'supertest';
import { findRegion, offlineProofMessage, type OfflineAttendanceInput } from '@tongxin/shared';
import { startTestApi, type TestApi } from '../../helpers/test-api';
import { aSignedUpShift, type SignedUpShift } from '../../fixtures/attendance';
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
const [lat, lng] = findRegion(COMMUNITY)!.centre!;
const HERE = { lat, lng };

/** What the staff device took along while online: the shift's codes, one per window. */
function offlineCodes(shift: SignedUpShift, user = staff) {
  return request(api.url).get(`/api/v1/needs/${shift.needId}/shifts/${shift.shiftId}/offline-check-in-codes`).set(bearer(user));
}

/** The code the offline staff device shows at `at`. */
async function codeShownAt(shift: SignedUpShift, at: number): Promise<string> {
  const { codes } = (await offlineCodes(shift).expect(200)).body as { codes: Array<{ code: string; from: string; to: string }> };
  return codes.find((c) => Date.parse(c.from) <= at && at < Date.parse(c.to))!.code;
}

/** The volunteer's app: fetched its key while online, signs the proof on the device. */
async function signedProof(shift: SignedUpShift, fields: Omit<OfflineAttendanceInput, 'signature'>, key?: string): Promise<OfflineAttendanceInput> {
  const theKey = key ?? (await request(api.url).get(`/api/v1/enrollments/${shift.enrollmentId}/offline-key`).set(bearer(shift.volunteer)).expect(200)).body.key;
  const signature = createHmac('sha256', Buffer.from(theKey, 'base64url')).update(offlineProofMessage(shift.enrollmentId, fields)).digest('base64url');
  return { ...fields, signature };
}

const submit = (shift: SignedUpShift, body: unknown, user = shift.volunteer) =>
  request(api.url).post(`/api/v1/enrollments/${shift.enrollmentId}/offline-attendance`).set(bearer(user)).send(body as object);
const stored = (shift: SignedUpShift) => api.runtime.infra.connection.collection('attendance').findOne({ _id: shift.enrollmentId } as never);

describe('POST /api/v1/enrollments/:id/offline-attendance', () => {
  it('when a signed proof carries a code shown in its window and a place near the need, then accepted and flagged offline', async () => {
    const shift = await aSignedUpShift(api, staff, { startsInMs: 5 * MINUTE });
    const now = Date.now();
    const proof = await signedProof(shift, { action: 'check_in', code: await codeShownAt(shift, now), location: HERE, capturedAt: new Date(now).toISOString() });
    const res = await submit(shift, proof);
    expect(res.status).toBe(201);
    expect(res.body).toMatchObject({ status: 'checked_in', flags: ['offline'] });
    expect(Math.abs(Date.parse(res.body.checkInAt) - now)).toBeLessThan(2000);
    expect(await stored(shift)).toMatchObject({ checkInMethod: 'offline' });
    expect((await submit(shift, proof)).body.code).toBe('ALREADY_CHECKED_IN');

    const out = await signedProof(shift, { action: 'check_out', code: await codeShownAt(shift, Date.now()), location: HERE, capturedAt: new Date().toISOString() });
    const checkedOut = await submit(shift, out);
    expect(checkedOut.status).toBe(201);
    expect(checkedOut.body).toMatchObject({ status: 'checked_out', flags: ['offline'] });
    const flagged = await request(api.url).get('/api/v1/attendance/flagged').set(bearer(staff)).expect(200);
    expect(flagged.body.items.find((i: { enrollmentId: string }) => i.enrollmentId === shift.enrollmentId)?.flags)
      .toEqual([{ code: 'offline', label: '离线签到，事后提交' }]);
  });

  it('when the claimed time lies outside the window of the scanned code, then refused: the volunteer cannot move the time', async () => {
    const shift = await aSignedUpShift(api, staff, { startsInMs: 5 * MINUTE });
    const now = Date.now();
    const code = await codeShownAt(shift, now);
    for (const capturedAt of [now - 10 * MINUTE, now + 10 * MINUTE]) {
      const proof = await signedProof(shift, { action: 'check_in', code, location: HERE, capturedAt: new Date(capturedAt).toISOString() });
      const res = await submit(shift, proof);
      expect({ capturedAt, code: res.body.code }).toEqual({ capturedAt, code: 'OFFLINE_PROOF_INVALID' });
    }
    // A code from another shift, or one made up, dates nothing.
    const other = await aSignedUpShift(api, staff, { startsInMs: 5 * MINUTE });
    const [window] = code.split('.');
    for (const bad of [await codeShownAt(other, now), `${window}.${'A'.repeat(22)}`]) {
      const proof = await signedProof(shift, { action: 'check_in', code: bad, location: HERE, capturedAt: new Date(now).toISOString() });
      expect((await submit(shift, proof)).body.code).toBe('OFFLINE_PROOF_INVALID');
    }
    expect(await stored(shift)).toBeNull();
  });

  it('when the proof was altered after signing or signed with another key, then refused', async () => {
    const shift = await aSignedUpShift(api, staff, { startsInMs: 5 * MINUTE });
    const now = Date.now();
    const fields = { action: 'check_in' as const, code: await codeShownAt(shift, now), location: HERE, capturedAt: new Date(now).toISOString() };
    const proof = await signedProof(shift, fields);
    expect((await submit(shift, { ...proof, location: { lat: HERE.lat + 0.001, lng: HERE.lng } })).body.code).toBe('OFFLINE_PROOF_INVALID');
    const stranger = await aSignedUpShift(api, staff, { startsInMs: 5 * MINUTE });
    const strangersKey = (await request(api.url).get(`/api/v1/enrollments/${stranger.enrollmentId}/offline-key`).set(bearer(stranger.volunteer))).body.key;
    expect((await submit(shift, await signedProof(shift, fields, strangersKey))).body.code).toBe('OFFLINE_PROOF_INVALID');
    expect(await stored(shift)).toBeNull();
  });

  it('when the place is far from the need, then CHECK_IN_TOO_FAR', async () => {
    const shift = await aSignedUpShift(api, staff, { startsInMs: 5 * MINUTE });
    const now = Date.now();
    const proof = await signedProof(shift, {
      action: 'check_in', code: await codeShownAt(shift, now), location: { lat: HERE.lat + 0.05, lng: HERE.lng }, capturedAt: new Date(now).toISOString(),
    });
    expect((await submit(shift, proof)).body.code).toBe('CHECK_IN_TOO_FAR');
  });

  it("when another volunteer submits for someone's sign-up or asks for their key, then 403", async () => {
    const shift = await aSignedUpShift(api, staff, { startsInMs: 5 * MINUTE });
    const intruder = await aVolunteer(api);
    const now = Date.now();
    const proof = await signedProof(shift, { action: 'check_in', code: await codeShownAt(shift, now), location: HERE, capturedAt: new Date(now).toISOString() });
    expect((await submit(shift, proof, intruder)).status).toBe(403);
    expect((await request(api.url).get(`/api/v1/enrollments/${shift.enrollmentId}/offline-key`).set(bearer(intruder))).status).toBe(403);
    expect(await stored(shift)).toBeNull();
  });

  it('when the body has wrong types, unknown fields, operators or oversized values, then 400 and nothing stored', async () => {
    const shift = await aSignedUpShift(api, staff, { startsInMs: 5 * MINUTE });
    const now = Date.now();
    const proof = await signedProof(shift, { action: 'check_in', code: await codeShownAt(shift, now), location: HERE, capturedAt: new Date(now).toISOString() });
    const bodies = [
      { ...proof, action: 'verify' }, { ...proof, capturedAt: now }, { ...proof, deviceTime: now }, { ...proof, code: { $gt: '' } },
      { ...proof, location: { lat: '30.6', lng: HERE.lng } }, { ...proof, signature: 'x'.repeat(5000) }, { ...proof, location: { ...HERE, $where: '1' } },
    ];
    for (const body of bodies) expect((await submit(shift, body)).status).toBe(400);
    expect(await stored(shift)).toBeNull();
  });
});

describe('GET /api/v1/needs/:id/shifts/:shiftId/offline-check-in-codes', () => {
  it("when the need's staff ask on the day, then every window from check-in opening to the grace end; others 403; too early 409", async () => {
    const shift = await aSignedUpShift(api, staff, { startsInMs: 5 * MINUTE, lengthMs: 60 * MINUTE });
    const res = await offlineCodes(shift);
    expect(res.status).toBe(200);
    // 30 min before + 60 min shift + 30 min grace, in 30-second windows (the edges may add one each).
    expect(res.body.codes.length).toBeGreaterThanOrEqual(240);
    expect(res.body.codes.length).toBeLessThanOrEqual(242);
    expect(res.body.windowSeconds).toBe(30);
    expect((await offlineCodes(shift, await aCommunityStaff(api, OTHER_COMMUNITY))).status).toBe(403);
    expect((await offlineCodes(shift, shift.volunteer)).status).toBe(403);
    const later = await aSignedUpShift(api, staff, { startsInMs: 48 * 60 * MINUTE });
    expect((await offlineCodes(later)).status).toBe(409);
  });
});
