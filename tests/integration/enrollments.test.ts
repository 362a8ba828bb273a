import { Types } from 'mongoose';
import request from 'supertest';
import { startTestApi, type TestApi } from '../helpers/test-api';
import { eventually } from '../helpers/eventually';
import { connectSocket, nextEvent } from '../helpers/sockets';
import { aNeedBody, aShift, COMMUNITY } from '../fixtures/needs';
import { aCommunityStaff, aVolunteer, bearer, type TestUser } from '../fixtures/users';

let api: TestApi;
let staff: TestUser;

beforeAll(async () => {
  api = await startTestApi();
  staff = await aCommunityStaff(api, COMMUNITY);
});
afterAll(() => api.stop());

const HOUR = 3_600_000;

async function postNeed(shifts = [aShift(48 * HOUR, 2)]) {
  const res = await request(api.url).post('/api/v1/needs').set(bearer(staff)).send(aNeedBody({ shifts })).expect(201);
  return { needId: res.body.id as string, shiftId: res.body.shifts[0].id as string };
}

const signUp = (user: TestUser, needId: string, shiftId: string) =>
  request(api.url).post(`/api/v1/needs/${needId}/shifts/${shiftId}/enrollments`).set(bearer(user)).send({});

describe('POST /api/v1/needs/:id/shifts/:shiftId/enrollments', () => {
  it('when a volunteer signs up twice, then the second answer is 409 ALREADY_ENROLLED and one seat is taken', async () => {
    const { needId, shiftId } = await postNeed();
    const volunteer = await aVolunteer(api);
    const first = await signUp(volunteer, needId, shiftId);
    expect(first.status).toBe(201);
    expect(first.body).toMatchObject({ needId, shiftId, status: 'enrolled' });
    const second = await signUp(volunteer, needId, shiftId);
    expect(second.status).toBe(409);
    expect(second.body.code).toBe('ALREADY_ENROLLED');
    const need = await request(api.url).get(`/api/v1/needs/${needId}`).set(bearer(volunteer));
    expect(need.body.shifts[0]).toMatchObject({ enrolled: 1, slotsLeft: 1 });
  });

  it('when fifty volunteers race for ten places, then exactly ten get in and forty hear SHIFT_FULL', async () => {
    const { needId, shiftId } = await postNeed([aShift(48 * HOUR, 10)]);
    const volunteers = await Promise.all(Array.from({ length: 50 }, () => aVolunteer(api)));
    const answers = await Promise.all(volunteers.map((v) => signUp(v, needId, shiftId)));
    expect(answers.filter((a) => a.status === 201)).toHaveLength(10);
    expect(answers.filter((a) => a.status === 409 && a.body.code === 'SHIFT_FULL')).toHaveLength(40);
    const enrolled = await api.runtime.infra.connection.collection('enrollments').countDocuments({ shiftId: new Types.ObjectId(shiftId), status: 'enrolled' });
    expect(enrolled).toBe(10);
    const need = await request(api.url).get(`/api/v1/needs/${needId}`).set(bearer(staff));
    expect(need.body.shifts[0]).toMatchObject({ capacity: 10, enrolled: 10, slotsLeft: 0 });
  });

  it('when a volunteer signs up for a shift overlapping one they hold, then 409 SHIFT_OVERLAP naming it', async () => {
    const first = await postNeed([aShift(72 * HOUR, 3)]);
    const second = await postNeed([aShift(73 * HOUR, 3)]);
    const volunteer = await aVolunteer(api);
    await signUp(volunteer, first.needId, first.shiftId).expect(201);
    const res = await signUp(volunteer, second.needId, second.shiftId);
    expect(res.status).toBe(409);
    expect(res.body).toMatchObject({ code: 'SHIFT_OVERLAP', detail: expect.stringContaining('陪伴独居老人散步') });
  });

  it('when the same volunteer fires two overlapping sign-ups at once, then only one lands', async () => {
    const a = await postNeed([aShift(96 * HOUR, 3)]);
    const b = await postNeed([aShift(96 * HOUR + 30 * 60_000, 3)]);
    const volunteer = await aVolunteer(api);
    const answers = await Promise.all([signUp(volunteer, a.needId, a.shiftId), signUp(volunteer, b.needId, b.shiftId)]);
    expect(answers.map((r) => r.status).sort()).toEqual([201, 409]);
  });

  it('when a full shift has a waitlist and someone cancels, then the first waiting volunteer gets the place and is told', async () => {
    const { needId, shiftId } = await postNeed([aShift(120 * HOUR, 1)]);
    const [holder, firstWaiting, secondWaiting] = await Promise.all([aVolunteer(api), aVolunteer(api), aVolunteer(api)]);
    const held = await signUp(holder, needId, shiftId).expect(201);
    const waitlist = (user: TestUser) => request(api.url).post(`/api/v1/needs/${needId}/shifts/${shiftId}/enrollments`).set(bearer(user)).send({ waitlist: true });
    expect((await waitlist(firstWaiting)).body.status).toBe('waitlisted');
    expect((await waitlist(secondWaiting)).body.status).toBe('waitlisted');
    const socket = await connectSocket(api.url, firstWaiting.token);
    try {
      const promoted = nextEvent(socket, 'enrollment:promoted', (e) => e.needId === needId);
      await request(api.url).delete(`/api/v1/enrollments/${held.body.id}`).set(bearer(holder)).expect(200);
      expect(await promoted).toMatchObject({ needId, enrollmentId: `${shiftId}:${firstWaiting.id}` });
    } finally {
      socket.close();
    }
    const mine = await request(api.url).get('/api/v1/me/enrollments').set(bearer(secondWaiting));
    expect(mine.body.items[0].status).toBe('waitlisted');
    const need = await request(api.url).get(`/api/v1/needs/${needId}`).set(bearer(staff));
    expect(need.body.shifts[0]).toMatchObject({ enrolled: 1, slotsLeft: 0 });
  });

  it('when a volunteer cancels inside the cut-off, then it is a late cancellation counted against reliability', async () => {
    const { needId, shiftId } = await postNeed([aShift(HOUR, 2)]);
    const volunteer = await aVolunteer(api);
    const enrolled = await signUp(volunteer, needId, shiftId).expect(201);
    const res = await request(api.url).delete(`/api/v1/enrollments/${enrolled.body.id}`).set(bearer(volunteer));
    expect(res.body).toMatchObject({ status: 'cancelled', lateCancellation: true });
    const events = await api.runtime.infra.connection.collection('reliability_events').find({ userId: new Types.ObjectId(volunteer.id) }).toArray();
    expect(events.map((e) => e.kind)).toEqual(['late_cancellation']);
  });

  it('when a volunteer cancels, then the seat comes back, reminders go, and signing up again works', async () => {
    const { needId, shiftId } = await postNeed([aShift(48 * HOUR, 1)]);
    const volunteer = await aVolunteer(api);
    const enrolled = await signUp(volunteer, needId, shiftId).expect(201);
    const { reminders } = api.runtime.modules.enrollments;
    expect((await reminders.scheduledAt(enrolled.body.id, '24h'))?.getTime()).toBe(Date.parse(enrolled.body.startsAt) - 24 * HOUR);

    const cancelled = await request(api.url).delete(`/api/v1/enrollments/${enrolled.body.id}`).set(bearer(volunteer));
    expect(cancelled.status).toBe(200);
    expect(cancelled.body.status).toBe('cancelled');
    expect(await reminders.scheduledAt(enrolled.body.id, '24h')).toBeNull();
    expect(await reminders.scheduledAt(enrolled.body.id, '2h')).toBeNull();

    const other = await aVolunteer(api);
    expect((await request(api.url).delete(`/api/v1/enrollments/${enrolled.body.id}`).set(bearer(other))).status).toBe(403);
    expect((await signUp(volunteer, needId, shiftId)).status).toBe(201);
  });

  it('when a volunteer signs up, cancels, signs up again and cancels again, then each sign-up is a generation of its own', async () => {
    const { needId, shiftId } = await postNeed([aShift(48 * HOUR, 1)]);
    const volunteer = await aVolunteer(api);
    const first = await signUp(volunteer, needId, shiftId).expect(201);
    await request(api.url).delete(`/api/v1/enrollments/${first.body.id}`).set(bearer(volunteer)).expect(200);
    const again = await signUp(volunteer, needId, shiftId).expect(201);
    expect(again.body.id).toBe(first.body.id);
    // The second cancellation is not mistaken for a repeat of the first (once-keys are per generation).
    const cancelledAgain = await request(api.url).delete(`/api/v1/enrollments/${again.body.id}`).set(bearer(volunteer));
    expect(cancelledAgain.status).toBe(200);
    expect(cancelledAgain.body.status).toBe('cancelled');
    const stored = await api.runtime.infra.connection.db!.collection('enrollments').findOne({ _id: first.body.id });
    expect(stored!.createdAt.getTime()).toBeGreaterThan(Date.parse(first.body.createdAt));
    expect(stored!.cancelledAt.getTime()).toBeGreaterThanOrEqual(stored!.createdAt.getTime());
    const need = await request(api.url).get(`/api/v1/needs/${needId}`).set(bearer(volunteer));
    expect(need.body.shifts[0]).toMatchObject({ enrolled: 0, slotsLeft: 1 });
  });

  it('when the shift is 2 h and a moment away, then the 2 h reminder reaches the volunteer socket, once', async () => {
    const { needId, shiftId } = await postNeed([aShift(2 * HOUR + 4000, 3)]);
    const volunteer = await aVolunteer(api);
    const socket = await connectSocket(api.url, volunteer.token);
    try {
      const reminder = nextEvent(socket, 'reminder:due', (e) => e.shiftId === shiftId);
      const enrolled = await signUp(volunteer, needId, shiftId).expect(201);
      // The 24 h reminder's time had already passed at sign-up, so only the 2 h one was scheduled.
      expect(await api.runtime.modules.enrollments.reminders.scheduledAt(enrolled.body.id, '24h')).toBeNull();
      const event = await reminder;
      expect(event).toMatchObject({ needId, shiftId, kind: '2h', needTitle: '陪伴独居老人散步' });
      // Drained from the index and delivered once: one inbox entry.
      expect(await api.runtime.modules.enrollments.reminders.scheduledAt(enrolled.body.id, '2h')).toBeNull();
      await eventually(async () => {
        const inbox = await request(api.url).get('/api/v1/me/notifications').set(bearer(volunteer)).expect(200);
        expect(inbox.body.items.filter((n: { kind: string }) => n.kind === 'shift-reminder')).toHaveLength(1);
      });
    } finally {
      socket.close();
    }
  });
});
