import request from 'supertest';
import type { NotificationView } from '@tongxin/shared';
import { startTestApi, type TestApi } from '../helpers/test-api';
import { eventually } from '../helpers/eventually';
import { aNeedBody, aShift, COMMUNITY, OTHER_COMMUNITY } from '../fixtures/needs';
import { aCommunityStaff, aVolunteer, bearer, type TestUser } from '../fixtures/users';
import { QUEUE_NAMES, type ShiftReminderJob } from '../../server/src/modules/queues.registry';
import { reminderMember } from '../../server/src/modules/enrollments/enrollments.jobs';

const HOUR = 3_600_000;
const CUTOFF_MINUTES = 720;
let api: TestApi;
let staff: TestUser;

beforeAll(async () => {
  api = await startTestApi({ ENROLLMENT_CONFIRM_CUTOFF_MINUTES: String(CUTOFF_MINUTES) });
  staff = await aCommunityStaff(api, COMMUNITY);
});
afterAll(() => api.stop());

async function aShiftWith(startsInMs: number, capacity: number) {
  const need = await request(api.url).post('/api/v1/needs').set(bearer(staff)).send(aNeedBody({ shifts: [aShift(startsInMs, capacity)] })).expect(201);
  return { needId: need.body.id as string, shiftId: need.body.shifts[0].id as string };
}

/** A volunteer whose quiet hours are off, so the 24 h reminder (not urgent) reaches the inbox at any hour. */
async function anAwakeVolunteer(): Promise<TestUser> {
  const volunteer = await aVolunteer(api);
  await request(api.url).put('/api/v1/me/notification-preferences').set(bearer(volunteer))
    .send({ quietHours: { enabled: false, start: '22:00', end: '08:00' } }).expect(200);
  return volunteer;
}

const signUp = (user: TestUser, s: { needId: string; shiftId: string }, waitlist = false) =>
  request(api.url).post(`/api/v1/needs/${s.needId}/shifts/${s.shiftId}/enrollments`).set(bearer(user)).send({ waitlist });

const inboxOf = async (user: TestUser): Promise<NotificationView[]> =>
  (await request(api.url).get('/api/v1/me/notifications').set(bearer(user)).expect(200)).body.items;

const confirmations = (s: { needId: string; shiftId: string }, user = staff) =>
  request(api.url).get(`/api/v1/needs/${s.needId}/shifts/${s.shiftId}/confirmations`).set(bearer(user));

/** Runs the cut-off now, as the due index would when it falls due. */
async function runCutoff(enrollmentId: string, startsAt: string, jobId: string) {
  const queue = api.runtime.infra.queues.queue<ShiftReminderJob>(QUEUE_NAMES.shiftReminders);
  await queue.add('due', { due: [[reminderMember(enrollmentId, 'confirm-by'), Date.parse(startsAt) - CUTOFF_MINUTES * 60_000]] }, { jobId });
  return eventually(async () => {
    const job = (await queue.getJob(jobId))!;
    expect(await job.getState()).toBe('completed');
    return job.returnvalue as unknown as string[];
  }, 15_000, 50);
}

describe('the 24 h reminder asks to confirm', () => {
  it('when the 24 h reminder arrives, then it asks, staff see the volunteer unconfirmed, and one tap confirms', async () => {
    // The volunteer exists first: the shift's 24 h reminder falls due seconds after it is posted.
    const volunteer = await anAwakeVolunteer();
    const shift = await aShiftWith(24 * HOUR + 4000, 2);
    const enrolled = await signUp(volunteer, shift).expect(201);
    expect(await api.runtime.modules.enrollments.reminders.scheduledAt(enrolled.body.id, 'confirm-by'))
      .toEqual(new Date(Date.parse(enrolled.body.startsAt) - CUTOFF_MINUTES * 60_000));
    expect((await confirmations(shift).expect(200)).body.items).toEqual([
      { enrollmentId: enrolled.body.id, volunteerId: volunteer.id, confirmation: 'not-asked', confirmedAt: null },
    ]);

    const [reminder] = await eventually(async () => {
      const found = (await inboxOf(volunteer)).filter((n) => n.kind === 'shift-reminder');
      expect(found).toHaveLength(1);
      return found;
    }, 15_000, 100);
    expect(reminder!.data).toMatchObject({ enrollmentId: enrolled.body.id, action: 'confirm' });
    expect(reminder!.body).toContain('请在');
    await eventually(async () => expect((await confirmations(shift).expect(200)).body.items[0].confirmation).toBe('unconfirmed'));

    expect((await request(api.url).post(`/api/v1/enrollments/${enrolled.body.id}/confirm`).set(bearer(await aVolunteer(api)))).status).toBe(403);
    const confirmed = await request(api.url).post(`/api/v1/enrollments/${enrolled.body.id}/confirm`).set(bearer(volunteer)).send({}).expect(200);
    expect(confirmed.body).toMatchObject({ status: 'enrolled', confirmation: 'confirmed' });
    expect((await confirmations(shift).expect(200)).body.items[0]).toMatchObject({ confirmation: 'confirmed', confirmedAt: expect.any(String) });
    // The cut-off finds it confirmed and keeps it.
    expect(await runCutoff(enrolled.body.id, enrolled.body.startsAt, `keep-${volunteer.id}`)).toEqual(['kept']);
    expect((await confirmations(shift, await aCommunityStaff(api, OTHER_COMMUNITY))).status).toBe(403);
  });

  it('when the volunteer declines, then the place goes to the first on the waitlist', async () => {
    const shift = await aShiftWith(48 * HOUR, 1);
    const volunteer = await anAwakeVolunteer();
    const waiting = await anAwakeVolunteer();
    const enrolled = await signUp(volunteer, shift).expect(201);
    const queued = await signUp(waiting, shift, true).expect(201);
    expect(queued.body.status).toBe('waitlisted');
    const declined = await request(api.url).post(`/api/v1/enrollments/${enrolled.body.id}/decline`).set(bearer(volunteer)).send({}).expect(200);
    expect(declined.body.status).toBe('cancelled');
    const mine = await request(api.url).get('/api/v1/me/enrollments').set(bearer(waiting)).expect(200);
    expect(mine.body.items.find((e: { id: string }) => e.id === queued.body.id).status).toBe('enrolled');
  });

  it('when an asked volunteer has not confirmed by the cut-off, then the place is released to the waitlist and they are told', async () => {
    const volunteer = await anAwakeVolunteer();
    const waiting = await anAwakeVolunteer();
    const shift = await aShiftWith(24 * HOUR + 4000, 1);
    const enrolled = await signUp(volunteer, shift).expect(201);
    const queued = await signUp(waiting, shift, true).expect(201);
    await eventually(async () => expect((await confirmations(shift).expect(200)).body.items[0].confirmation).toBe('unconfirmed'), 15_000, 100);

    expect(await runCutoff(enrolled.body.id, enrolled.body.startsAt, `release-${volunteer.id}`)).toEqual(['released']);
    const mine = (await request(api.url).get('/api/v1/me/enrollments').set(bearer(volunteer)).expect(200)).body.items;
    expect(mine.find((e: { id: string }) => e.id === enrolled.body.id)).toMatchObject({ status: 'cancelled', releasedUnconfirmed: true });
    const theirs = (await request(api.url).get('/api/v1/me/enrollments').set(bearer(waiting)).expect(200)).body.items;
    expect(theirs.find((e: { id: string }) => e.id === queued.body.id).status).toBe('enrolled');
    expect((await inboxOf(volunteer)).map((n) => n.title)).toContain('报名已释放');
    // Too late to confirm now; a second run of the cut-off changes nothing.
    expect((await request(api.url).post(`/api/v1/enrollments/${enrolled.body.id}/confirm`).set(bearer(volunteer)).send({})).body.code).toBe('CONFLICT');
    expect(await runCutoff(enrolled.body.id, enrolled.body.startsAt, `release-again-${volunteer.id}`)).toEqual(['kept']);
  });

  it('when a volunteer was never asked (signed up inside 24 h), then the cut-off keeps the place, and confirming after it is refused', async () => {
    const shift = await aShiftWith(6 * HOUR, 1);
    const volunteer = await anAwakeVolunteer();
    const enrolled = await signUp(volunteer, shift).expect(201);
    expect(await runCutoff(enrolled.body.id, enrolled.body.startsAt, `never-asked-${volunteer.id}`)).toEqual(['kept']);
    const closed = await request(api.url).post(`/api/v1/enrollments/${enrolled.body.id}/confirm`).set(bearer(volunteer)).send({});
    expect(closed.status).toBe(409);
    expect(closed.body.code).toBe('CONFIRMATION_CLOSED');
  });
});
