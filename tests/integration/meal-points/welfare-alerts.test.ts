import request from 'supertest';
import { shanghaiDayOf } from '@tongxin/shared';
import { startTestApi, type TestApi } from '../../helpers/test-api';
import { aMealPointBody, anElderBody } from '../../fixtures/meal-points';
import { COMMUNITY } from '../../fixtures/needs';
import { aCommunityStaff, aUser, aVolunteer, bearer, type TestUser } from '../../fixtures/users';
import { QUEUE_NAMES } from '../../../server/src/modules/queues.registry';

let api: TestApi;
let staff: TestUser;
let pointId: string;

beforeAll(async () => {
  api = await startTestApi();
  staff = await aCommunityStaff(api, COMMUNITY);
  const admin = await aUser(api, ['city_admin']);
  pointId = (await request(api.url).post('/api/v1/meal-points').set(bearer(admin)).send(aMealPointBody()).expect(201)).body.id;
});
afterAll(() => api.stop());

const dayIn = (days: number) => shanghaiDayOf(new Date(Date.now() + days * 86_400_000));
const book = (user: TestUser, elderId: string, date: string, meal = 'lunch') =>
  request(api.url).post(`/api/v1/meal-points/${pointId}/bookings`).set(bearer(user)).send({ elderId, date, meal, mode: 'dine_in' }).expect(201);

describe('welfare alert (关爱)', () => {
  it('when a booking is made, then its missed-meal check waits in the queue until serving ends', async () => {
    const elder = (await request(api.url).post('/api/v1/elders').set(bearer(staff)).send(anElderBody()).expect(201)).body;
    const booking = (await book(staff, elder.id, dayIn(2))).body;
    const job = await api.runtime.infra.queues.queue(QUEUE_NAMES.mealMissedCheck).getJob(`meal-missed_${booking.id}`);
    expect(job?.data).toEqual({ bookingId: booking.id });
    expect(job!.timestamp + job!.opts.delay!).toBeGreaterThan(Date.parse(`${dayIn(2)}T13:00:00+08:00`));
  });

  it('when an elder living alone misses two booked meals in a row, then family and staff are alerted once and a visit need is posted', async () => {
    const daughter = await aVolunteer(api);
    const elder = (await request(api.url).post('/api/v1/elders').set(bearer(daughter)).send(anElderBody({ livesAlone: true })).expect(201)).body;
    const { welfare } = api.runtime.modules.mealPoints;
    const first = (await book(daughter, elder.id, dayIn(2))).body;
    const second = (await book(daughter, elder.id, dayIn(3))).body;
    const third = (await book(daughter, elder.id, dayIn(4))).body;
    expect(await welfare.checkMissed(first.id)).toBe('missed');
    expect(await welfare.checkMissed(second.id)).toBe('alerted');
    expect(await welfare.checkMissed(second.id)).toBe('not-missed');
    expect(await welfare.checkMissed(third.id)).toBe('missed');
    expect((await request(api.url).get(`/api/v1/meal-bookings/${first.id}`).set(bearer(daughter))).body.status).toBe('missed');

    const inbox = await request(api.url).get('/api/v1/me/notifications').set(bearer(daughter)).expect(200);
    const alerts = inbox.body.items.filter((n: { kind: string }) => n.kind === 'welfare-alert');
    expect(alerts).toHaveLength(1);
    expect(alerts[0].body).toContain('王**');
    expect(alerts[0].body).not.toContain('王秀英');
    const need = await request(api.url).get(`/api/v1/needs/${alerts[0].data.needId}`).set(bearer(staff)).expect(200);
    expect(need.body).toMatchObject({ category: 'elderly_visit', communityCode: COMMUNITY, status: 'open' });
  });

  it('when a meal is picked up between misses, then the run starts again; an elder not living alone raises no alert', async () => {
    const operator = await aUser(api, ['meal_point_operator'], { mealPointId: pointId });
    const alone = (await request(api.url).post('/api/v1/elders').set(bearer(staff)).send(anElderBody({ livesAlone: true })).expect(201)).body;
    const { welfare } = api.runtime.modules.mealPoints;
    const [a, b, c] = await Promise.all([2, 3, 4].map(async (d) => (await book(staff, alone.id, dayIn(d))).body));
    expect(await welfare.checkMissed(a.id)).toBe('missed');
    const code = (await request(api.url).get(`/api/v1/meal-bookings/${b.id}/pickup-code`).set(bearer(staff)).expect(200)).body.code;
    await request(api.url).post(`/api/v1/meal-bookings/${b.id}/pickup`).set(bearer(operator)).send({ code }).expect(200);
    expect(await welfare.checkMissed(b.id)).toBe('not-missed');
    expect(await welfare.checkMissed(c.id)).toBe('missed');

    const withFamily = (await request(api.url).post('/api/v1/elders').set(bearer(staff)).send(anElderBody({ livesAlone: false })).expect(201)).body;
    const [x, y] = await Promise.all([2, 3].map(async (d) => (await book(staff, withFamily.id, dayIn(d))).body));
    expect(await welfare.checkMissed(x.id)).toBe('missed');
    expect(await welfare.checkMissed(y.id)).toBe('missed');
  });

  it('when a delivery is not confirmed by the end of serving, then the point\'s operators are alerted', async () => {
    const operator = await aUser(api, ['meal_point_operator']);
    const admin = await aUser(api, ['city_admin']);
    const point = (await request(api.url).post('/api/v1/meal-points').set(bearer(admin))
      .send(aMealPointBody({ operatorUserIds: [operator.id] })).expect(201)).body;
    const elder = (await request(api.url).post('/api/v1/elders').set(bearer(staff)).send(anElderBody()).expect(201)).body;
    const booking = (await request(api.url).post(`/api/v1/meal-points/${point.id}/bookings`).set(bearer(staff))
      .send({ elderId: elder.id, date: dayIn(2), meal: 'dinner', mode: 'delivery' }).expect(201)).body;
    expect(await api.runtime.modules.mealPoints.welfare.checkMissed(booking.id)).toBe('missed');
    const inbox = await request(api.url).get('/api/v1/me/notifications').set(bearer(operator)).expect(200);
    expect(inbox.body.items.map((n: { title: string; data: { bookingId: string } }) => [n.title, n.data.bookingId]))
      .toEqual([['送餐未确认送达', booking.id]]);
  });
});
