import { Types } from 'mongoose';
import request from 'supertest';
import { eventually } from '../../helpers/eventually';
import { startTestApi, type TestApi } from '../../helpers/test-api';
import { aNeedBody, COMMUNITY } from '../../fixtures/needs';
import { aCommunityStaff, aVolunteer, bearer, type TestUser } from '../../fixtures/users';
import { QUEUE_NAMES } from '../../../server/src/modules/queues.registry';

let api: TestApi;

beforeAll(async () => {
  // No grace after the shift, so its close job runs as soon as it ends.
  api = await startTestApi({ CHECKOUT_GRACE_MINUTES: '0' });
});
afterAll(() => api.stop());


describe('closing a shift after it ends', () => {
  it('when a shift ends, then a forgotten check-out is closed and flagged, an absent volunteer is a no-show, and re-running changes nothing', async () => {
    const staff = await aCommunityStaff(api, COMMUNITY);
    // The nudge is not urgent: without quiet hours it arrives at once, whatever the hour in Shanghai.
    await request(api.url).put('/api/v1/me/notification-preferences').set(bearer(staff))
      .send({ quietHours: { enabled: false, start: '22:00', end: '08:00' } }).expect(200);
    const [stayed, absent, left] = await Promise.all([aVolunteer(api), aVolunteer(api), aVolunteer(api)]);
    const start = Date.now() + 4000;
    const need = await request(api.url).post('/api/v1/needs').set(bearer(staff)).send(aNeedBody({
      shifts: [{ startsAt: new Date(start).toISOString(), endsAt: new Date(start + 2000).toISOString(), capacity: 3 }],
    })).expect(201);
    const needId: string = need.body.id;
    const shiftId: string = need.body.shifts[0].id;
    const enrollmentOf = async (user: TestUser) =>
      (await request(api.url).post(`/api/v1/needs/${needId}/shifts/${shiftId}/enrollments`).set(bearer(user)).send({}).expect(201)).body.id as string;
    const [stayedId, absentId, leftId] = [await enrollmentOf(stayed), await enrollmentOf(absent), await enrollmentOf(left)];
    const code = async () => ({ code: (await request(api.url).get(`/api/v1/needs/${needId}/shifts/${shiftId}/check-in-code`).set(bearer(staff))).body.code });
    await request(api.url).post(`/api/v1/enrollments/${stayedId}/check-in`).set(bearer(stayed)).send(await code()).expect(201);
    await request(api.url).post(`/api/v1/enrollments/${leftId}/check-in`).set(bearer(left)).send(await code()).expect(201);
    await request(api.url).post(`/api/v1/enrollments/${leftId}/check-out`).set(bearer(left)).send(await code()).expect(200);

    const db = api.runtime.infra.connection;
    const queue = api.runtime.infra.queues.queue(QUEUE_NAMES.shiftClose);
    await eventually(async () => expect(await (await queue.getJob(`shift-close_${shiftId}`))?.isCompleted()).toBe(true), 15_000, 200);
    expect(await db.collection('attendance').findOne({ _id: stayedId } as never)).toMatchObject({
      status: 'checked_out', checkOutMethod: 'auto', flags: ['auto_checkout'],
    });
    // Staff find the forgotten check-out in their list of flagged records.
    const flagged = await request(api.url).get('/api/v1/attendance/flagged').set(bearer(staff)).expect(200);
    expect(flagged.body.items.find((i: { enrollmentId: string }) => i.enrollmentId === stayedId)?.flags).toEqual([
      { code: 'auto_checkout', label: '忘记签退，系统已在班次结束时自动签退' },
    ]);
    const absentMine = await request(api.url).get('/api/v1/me/enrollments').set(bearer(absent));
    expect(absentMine.body.items[0]).toMatchObject({ id: absentId, status: 'no_show' });

    const kinds = async () => (await db.collection('reliability_events').find({}).toArray())
      .map((e) => `${(e.userId as Types.ObjectId).toHexString()}:${e.kind}`).sort();
    const expected = [`${stayed.id}:completed`, `${absent.id}:no_show`, `${left.id}:completed`].sort();
    expect(await kinds()).toEqual(expected);

    // Whoever posted the need is asked to verify the two attended volunteers' hours.
    const nudges = async () => ((await request(api.url).get('/api/v1/me/notifications').set(bearer(staff)).expect(200)).body.items as Array<{ id: string; kind: string; title: string; body: string }>)
      .filter((n) => n.kind === 'hours-verification');
    await eventually(async () => expect(await nudges()).toHaveLength(1), 10_000, 100);
    const [nudge] = await nudges();
    expect(nudge).toMatchObject({ id: `verify-hours:${shiftId}`, title: '请核实服务时长' });
    expect(nudge!.body).toContain('2 位志愿者的服务时长等待你核实');

    // A duplicated or retried close job finds nothing more to do, and asks no second time.
    const rerun = await queue.add('shift-close', { needId, shiftId }, { jobId: `rerun_${shiftId}` });
    await eventually(async () => expect(await rerun.isCompleted()).toBe(true), 10_000, 100);
    expect(await kinds()).toEqual(expected);
    expect(await nudges()).toHaveLength(1);
  });
});
