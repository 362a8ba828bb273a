import request from 'supertest';
import { findRegion, shanghaiDayOf, shanghaiInstant, SKILL_CODES, type NotificationView } from '@tongxin/shared';
import { startTestApi, type TestApi } from '../../helpers/test-api';
import { eventually } from '../../helpers/eventually';
import { expectInvariants } from '../../helpers/invariants';
import { aMealPointBody, anElderBody } from '../../fixtures/meal-points';
import { COMMUNITY } from '../../fixtures/needs';
import { aCommunityStaff, aUser, aVolunteer, bearer, type TestUser } from '../../fixtures/users';
import { routed } from '../../../server/src/platform/due-index';
import { QUEUE_NAMES } from '../../../server/src/modules/queues.registry';

const HOUR = 3_600_000;
const [centreLat, centreLng] = findRegion(COMMUNITY)!.centre;
const homeAt = (km: number) => ({ lat: Number((centreLat + km / 111.32).toFixed(5)), lng: centreLng });
const date = shanghaiDayOf(new Date(Date.now() + 2 * 86_400_000));

let api: TestApi;
let staff: TestUser;
let operator: TestUser;
let pointId: string;
let drivers: TestUser[];
let walker: TestUser;
let faraway: TestUser;

beforeAll(async () => {
  api = await startTestApi();
  staff = await aCommunityStaff(api, COMMUNITY);
  operator = await aUser(api, ['meal_point_operator']);
  pointId = (await request(api.url).post('/api/v1/meal-points').set(bearer(operator))
    .send(aMealPointBody({ location: { lat: centreLat, lng: centreLng } })).expect(201)).body.id;
  drivers = [];
  for (const km of [0.2, 0.6, 1.2]) drivers.push(await aVolunteer(api, { profile: { homeLocation: homeAt(km) } }));
  walker = await aVolunteer(api, { profile: { homeLocation: homeAt(0.1), skills: SKILL_CODES.filter((s) => s !== 'delivery') } });
  faraway = await aVolunteer(api, { profile: { homeLocation: homeAt(12) } });
});
afterAll(() => api.stop());

const tasks = () => api.runtime.modules.mealPoints.deliveryTasks;
const queue = () => api.runtime.infra.queues.queue(QUEUE_NAMES.mealDeliveryTasks);
const inboxOf = async (user: TestUser, prefix: string): Promise<NotificationView[]> =>
  ((await request(api.url).get('/api/v1/me/notifications?limit=100').set(bearer(user)).expect(200)).body.items as NotificationView[])
    .filter((n) => n.kind === 'delivery-task' && n.id.startsWith(prefix));

async function bookDeliveries(meal: 'lunch' | 'dinner', count: number): Promise<string[]> {
  const ids: string[] = [];
  for (let i = 0; i < count; i++) {
    const elder = (await request(api.url).post('/api/v1/elders').set(bearer(staff)).send(anElderBody()).expect(201)).body;
    ids.push((await request(api.url).post(`/api/v1/meal-points/${pointId}/bookings`).set(bearer(staff))
      .send({ elderId: elder.id, date, meal, mode: 'delivery' }).expect(201)).body.id);
  }
  return ids;
}

describe('meal delivery tasks through the matching engine', () => {
  // Long: about forty store writes, and FerretDB takes over a second for each refused duplicate insert (the claim race has two).
  it('when lunch deliveries are booked, then tasks form at the cut-off, are offered to nearby drivers, taken once, reminded, confirmed and checked', async () => {
    const bookings = await bookDeliveries('lunch', 8);
    await request(api.url).post(`/api/v1/meal-points/${pointId}/bookings`).set(bearer(staff))
      .send({ elderId: (await request(api.url).post('/api/v1/elders').set(bearer(staff)).send(anElderBody()).expect(201)).body.id, date, meal: 'lunch', mode: 'dine_in' })
      .expect(201);
    // One formation job per point, day and meal, due at the booking cut-off (09:30 Shanghai).
    const formation = await queue().getJob(`delivery-form_${pointId}_${date}_lunch`);
    expect(formation).toBeDefined();
    expect(formation!.timestamp + formation!.opts.delay!).toBeGreaterThanOrEqual(shanghaiInstant(date, '09:30').getTime() - 5000);
    expect(formation!.timestamp + formation!.opts.delay!).toBeLessThanOrEqual(shanghaiInstant(date, '09:30').getTime() + 5000);

    // The job's work, run now: 8 deliveries in tasks of 6 → two tasks; forming again changes nothing.
    const taskIds = await tasks().form(pointId, date, 'lunch');
    expect(taskIds).toEqual([`${pointId}_${date}_lunch_1`, `${pointId}_${date}_lunch_2`]);
    expect(await tasks().form(pointId, date, 'lunch')).toEqual(taskIds);
    const [first, second] = taskIds as [string, string];

    // Offers went to the drivers in range, through the matching engine: not to the one without the skill, nor the far one.
    for (const driver of drivers) expect((await inboxOf(driver, 'delivery-offer:')).map((n) => n.data.taskId).sort()).toEqual([first, second]);
    expect(await inboxOf(walker, 'delivery-offer:')).toEqual([]);
    expect(await inboxOf(faraway, 'delivery-offer:')).toEqual([]);
    const offered = await request(api.url).get('/api/v1/me/delivery-tasks').set(bearer(drivers[0]!)).expect(200);
    expect(offered.body.items.map((t: { id: string; status: string }) => [t.id, t.status])).toEqual([[first, 'offered'], [second, 'offered']]);
    expect(offered.body.items[0].stops).toHaveLength(6);
    expect(JSON.stringify(offered.body)).not.toContain('幸福北街 8 号');

    // All three try to take the first task at once: exactly one does.
    const attempts = await Promise.all(drivers.map((d) => request(api.url).post(`/api/v1/delivery-tasks/${first}/accept`).set(bearer(d))));
    expect(attempts.filter((r) => r.status === 200)).toHaveLength(1);
    expect(attempts.filter((r) => r.status === 409).map((r) => r.body.code)).toEqual(['DELIVERY_TASK_TAKEN', 'DELIVERY_TASK_TAKEN']);
    const winner = drivers[attempts.findIndex((r) => r.status === 200)]!;
    const other = drivers.find((d) => d !== winner)!;
    expect((await request(api.url).post(`/api/v1/delivery-tasks/${first}/accept`).set(bearer(winner))).status).toBe(200);
    expect((await request(api.url).post(`/api/v1/delivery-tasks/${second}/accept`).set(bearer(walker))).status).toBe(403);
    await request(api.url).post(`/api/v1/delivery-tasks/${second}/accept`).set(bearer(other)).expect(200);

    // The taker is each booking's deliverer; the operator's day shows who took what; strangers see nothing.
    const day = await request(api.url).get(`/api/v1/meal-points/${pointId}/delivery-tasks`).query({ date }).set(bearer(operator)).expect(200);
    expect(day.body.items.map((t: { volunteerUserId: string }) => t.volunteerUserId)).toEqual([winner.id, other.id]);
    expect((await request(api.url).get(`/api/v1/delivery-tasks/${first}`).set(bearer(walker))).status).toBe(403);
    expect((await request(api.url).get(`/api/v1/delivery-tasks/${first}`).set(bearer(other))).status).toBe(403);
    const mine = await request(api.url).get('/api/v1/me/delivery-tasks').set(bearer(winner)).expect(200);
    expect(mine.body.items.map((t: { id: string; status: string }) => [t.id, t.status])).toEqual([[first, 'claimed']]);

    // Reminded before the window, through the shared due-time index (due 30 min before it opens; here: now).
    const member = routed('delivery', `${first}|start`);
    const index = api.runtime.modules.notifications.reminderIndex;
    expect((await index.dueAt(member))?.getTime()).toBe(shanghaiInstant(date, '10:00').getTime() - 30 * 60_000);
    await index.put(member, Date.now() + 300);
    await eventually(async () => expect(await inboxOf(winner, 'delivery-reminder:')).toHaveLength(1), 15_000, 100);

    // Confirming: only the taker, meal by meal.
    const firstStops = day.body.items[0].stops.map((s: { bookingId: string }) => s.bookingId);
    expect((await request(api.url).post(`/api/v1/meal-bookings/${firstStops[0]}/delivered`).set(bearer(other))).status).toBe(403);
    for (const bookingId of firstStops) await request(api.url).post(`/api/v1/meal-bookings/${bookingId}/delivered`).set(bearer(winner)).expect(200);
    expect(bookings.filter((b) => firstStops.includes(b))).toHaveLength(6);

    // Window checks, each a delayed job with a deterministic id, run here by their handlers.
    for (const id of taskIds) {
      const overdue = await queue().getJob(`delivery-overdue_${id}`);
      expect(Math.abs(overdue!.timestamp + overdue!.opts.delay! - (shanghaiInstant(date, '13:00').getTime() + HOUR))).toBeLessThan(5000);
      expect(await queue().getJob(`delivery-unclaimed_${id}`)).toBeDefined();
    }
    expect(await tasks().checkUnclaimed(first)).toBe('claimed');
    expect(await tasks().checkOverdue(first)).toBe('delivered');
    expect(await tasks().checkOverdue(second)).toBe('alerted');
    expect(await tasks().checkOverdue(second)).toBe('alerted');
    expect(await inboxOf(operator, 'delivery-overdue:')).toHaveLength(1);
    // The task reports its undelivered meals, so the per-booking missed check does not alert a second time.
    const secondStop = day.body.items[1].stops[0].bookingId;
    expect(await api.runtime.modules.mealPoints.welfare.checkMissed(secondStop)).toBe('missed');
    expect((await request(api.url).get('/api/v1/me/notifications?limit=100').set(bearer(operator)).expect(200)).body.items
      .filter((n: NotificationView) => n.id.startsWith('meal-undelivered:'))).toEqual([]);
    await expectInvariants(api);
  }, 150_000);

  it('when nobody takes a task by the window\'s start, then the operator is alerted once; bad task ids are refused', async () => {
    await bookDeliveries('dinner', 1);
    const [taskId] = await tasks().form(pointId, date, 'dinner');
    expect(await tasks().checkUnclaimed(taskId!)).toBe('alerted');
    expect(await tasks().checkUnclaimed(taskId!)).toBe('alerted');
    const alerts = await inboxOf(operator, 'delivery-unclaimed:');
    expect(alerts).toHaveLength(1);
    expect(alerts[0]!.data).toEqual({ taskId, pointId });
    expect((await request(api.url).post('/api/v1/delivery-tasks/not-a-task/accept').set(bearer(drivers[0]!))).status).toBe(400);
    expect((await request(api.url).get(`/api/v1/delivery-tasks/${pointId}_${date}_lunch_9`).set(bearer(drivers[0]!))).status).toBe(404);
    expect((await request(api.url).get(`/api/v1/meal-points/${pointId}/delivery-tasks`).query({ date }).set(bearer(drivers[0]!))).status).toBe(403);
    expect((await request(api.url).get('/api/v1/me/delivery-tasks')).status).toBe(401);
  });
});
