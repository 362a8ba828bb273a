import request from 'supertest';
import { shanghaiDayOf, shanghaiInstant, type NotificationView } from '@tongxin/shared';
import { startTestApi, type TestApi } from '../../helpers/test-api';
import { eventually } from '../../helpers/eventually';
import { expectInvariants } from '../../helpers/invariants';
import { aMealPointBody, anElderBody } from '../../fixtures/meal-points';
import { aUser, aVolunteer, bearer, type TestUser } from '../../fixtures/users';
import { mealReminderMember } from '../../../server/src/modules/meal-points/bookings/meal-reminders';

let api: TestApi;
let cityAdmin: TestUser;
let relative: TestUser;
let pointId: string;
let elderId: string;

const HOUR = 3_600_000;
const date = shanghaiDayOf(new Date(Date.now() + 2 * 86_400_000));

beforeAll(async () => {
  api = await startTestApi();
  cityAdmin = await aUser(api, ['city_admin']);
  relative = await aVolunteer(api);
  pointId = (await request(api.url).post('/api/v1/meal-points').set(bearer(cityAdmin)).send(aMealPointBody()).expect(201)).body.id;
  elderId = (await request(api.url).post('/api/v1/elders').set(bearer(relative)).send(anElderBody()).expect(201)).body.id;
});
afterAll(() => api.stop());

const reminders = () => api.runtime.modules.mealPoints.reminders;
const index = () => api.runtime.modules.notifications.reminderIndex;
const mealRemindersOf = async (user: TestUser): Promise<NotificationView[]> =>
  ((await request(api.url).get('/api/v1/me/notifications?limit=100').set(bearer(user)).expect(200)).body.items as NotificationView[])
    .filter((n) => n.kind === 'meal-reminder');
const book = (meal: string, mode = 'dine_in') =>
  request(api.url).post(`/api/v1/meal-points/${pointId}/bookings`).set(bearer(relative)).send({ elderId, date, meal, mode }).expect(201);
const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));

describe('meal-booking reminders in the shared due-time index', () => {
  it('when a meal is booked, then an hour before the cut-off and an hour before serving are scheduled; cancelling removes both', async () => {
    const booking = (await book('lunch')).body;
    // aMealPointBody: lunch served 11:00–13:00, booking cut-off 09:30 (Asia/Shanghai).
    expect((await reminders().scheduledAt(booking.id, 'cutoff'))?.getTime()).toBe(shanghaiInstant(date, '09:30').getTime() - HOUR);
    expect((await reminders().scheduledAt(booking.id, 'meal'))?.getTime()).toBe(shanghaiInstant(date, '11:00').getTime() - HOUR);
    expect(await index().dueAt(mealReminderMember(booking.id, 'meal'))).not.toBeNull();

    await request(api.url).delete(`/api/v1/meal-bookings/${booking.id}`).set(bearer(relative)).expect(200);
    expect(await reminders().scheduledAt(booking.id, 'cutoff')).toBeNull();
    expect(await reminders().scheduledAt(booking.id, 'meal')).toBeNull();
  });

  it('when a reminder falls due, then the drain routes it to the booker\'s inbox once, beside shift reminders; a cancelled booking\'s never arrives', async () => {
    const live = (await book('dinner', 'delivery')).body;
    const cancelled = (await book('lunch')).body;
    // As if the clock had reached the due times: the same members, due in a moment.
    const soon = Date.now() + 500;
    await index().put(mealReminderMember(live.id, 'cutoff'), soon);
    await index().put(mealReminderMember(live.id, 'meal'), soon);
    await index().put(mealReminderMember(cancelled.id, 'cutoff'), soon + 1500);
    await request(api.url).delete(`/api/v1/meal-bookings/${cancelled.id}`).set(bearer(relative)).expect(200);

    const found = await eventually(async () => {
      const items = await mealRemindersOf(relative);
      expect(items).toHaveLength(2);
      return items;
    }, 20_000, 100);
    expect(found.map((n) => n.id).sort()).toEqual([`meal-reminder:${live.id}:cutoff`, `meal-reminder:${live.id}:meal`]);
    const meal = found.find((n) => n.id.endsWith(':meal'))!;
    expect(meal.body).toContain('送餐上门');
    expect(meal.data).toEqual({ bookingId: live.id, pointId, date, meal: 'dinner' });
    expect(JSON.stringify(found)).not.toContain('幸福北街 8 号');

    // Drained again (a crash between enqueue and removal): the inbox id makes it a no-op.
    await index().put(mealReminderMember(live.id, 'cutoff'), Date.now() + 200);
    await sleep(3000);
    expect(await mealRemindersOf(relative)).toHaveLength(2);
    expect(await index().dueAt(mealReminderMember(live.id, 'cutoff'))).toBeNull();
    await expectInvariants(api);
  });
});
