import request from 'supertest';
import { startTestApi, type TestApi } from '../../helpers/test-api';
import { eventually } from '../../helpers/eventually';
import { aNeedBody, COMMUNITY, OTHER_COMMUNITY } from '../../fixtures/needs';
import { aCommunityStaff, aUser, aVolunteer, bearer, type TestUser } from '../../fixtures/users';
import { QUEUE_NAMES } from '../../../server/src/modules/queues.registry';

let api: TestApi;
let staff: TestUser;

beforeAll(async () => {
  api = await startTestApi({ CHECKOUT_GRACE_MINUTES: '0' });
  staff = await aCommunityStaff(api, COMMUNITY);
});
afterAll(() => api.stop());

const reverse = (user: TestUser, enrollmentId: string) =>
  request(api.url).post(`/api/v1/enrollments/${enrollmentId}/no-show/reverse`).set(bearer(user));

/** A volunteer signed up for a two-second shift and never came: the close job marks a no-show. */
async function aNoShow() {
  const volunteer = await aVolunteer(api);
  const start = Date.now() + 3000;
  const need = await request(api.url).post('/api/v1/needs').set(bearer(staff)).send(aNeedBody({
    shifts: [{ startsAt: new Date(start).toISOString(), endsAt: new Date(start + 2000).toISOString(), capacity: 2 }],
  })).expect(201);
  const shiftId: string = need.body.shifts[0].id;
  const enrollment = await request(api.url).post(`/api/v1/needs/${need.body.id}/shifts/${shiftId}/enrollments`).set(bearer(volunteer)).send({}).expect(201);
  const queue = api.runtime.infra.queues.queue(QUEUE_NAMES.shiftClose);
  await eventually(async () => expect(await (await queue.getJob(`shift-close_${shiftId}`))?.isCompleted()).toBe(true), 15_000, 200);
  return { volunteer, enrollmentId: enrollment.body.id as string };
}

const reliabilityOf = (user: TestUser) => api.runtime.modules.enrollments.noShows.reliabilityOf(user.id);

describe('POST /api/v1/enrollments/:id/no-show/reverse', () => {
  it("when staff of the need's community reverse a no-show, then it no longer counts, once, and others may not", async () => {
    const { volunteer, enrollmentId } = await aNoShow();
    expect(await reliabilityOf(volunteer)).toMatchObject({ no_show: 1 });

    for (const user of [await aCommunityStaff(api, OTHER_COMMUNITY), volunteer, await aUser(api, ['district_admin'], { districtCode: '510105' })]) {
      expect((await reverse(user, enrollmentId)).status).toBe(403);
    }
    expect(await reliabilityOf(volunteer)).toMatchObject({ no_show: 1 });

    const res = await reverse(staff, enrollmentId);
    expect(res.status).toBe(200);
    expect(res.body).toMatchObject({ id: enrollmentId, status: 'enrolled' });
    expect(await reliabilityOf(volunteer)).toEqual({ late_cancellation: 0, no_show: 0, completed: 0 });
    const fact = await api.runtime.infra.connection.collection('reliability_events').findOne({ kind: 'no_show_reversed' });
    expect(fact).toMatchObject({ _id: expect.stringMatching(/^no_show_reversed:/) });
    expect(fact!.by.toHexString()).toBe(staff.id);
    const stored = await api.runtime.infra.connection.collection('enrollments').findOne({ _id: enrollmentId } as never);
    expect(stored!.noShowReversedAt).toBeInstanceOf(Date);

    const again = await reverse(staff, enrollmentId);
    expect(again.status).toBe(409);
  });

  it('when two staff reverse at once, then exactly one succeeds', async () => {
    const { volunteer, enrollmentId } = await aNoShow();
    const districtAdmin = await aUser(api, ['district_admin'], { districtCode: '510104' });
    const results = await Promise.all([reverse(staff, enrollmentId), reverse(districtAdmin, enrollmentId), reverse(staff, enrollmentId)]);
    expect(results.map((r) => r.status).sort()).toEqual([200, 409, 409]);
    expect((await reliabilityOf(volunteer)).no_show).toBe(0);
  });

  it('when the sign-up is not a no-show or unknown, then 409 or 404', async () => {
    const volunteer = await aVolunteer(api);
    const need = await request(api.url).post('/api/v1/needs').set(bearer(staff)).send(aNeedBody()).expect(201);
    const enrollment = await request(api.url).post(`/api/v1/needs/${need.body.id}/shifts/${need.body.shifts[0].id}/enrollments`)
      .set(bearer(volunteer)).send({}).expect(201);
    expect((await reverse(staff, enrollment.body.id)).status).toBe(409);
    expect((await reverse(staff, '0123456789abcdef01234567:0123456789abcdef01234567')).status).toBe(404);
    expect((await reverse(staff, 'bad')).status).toBe(400);
  });
});
