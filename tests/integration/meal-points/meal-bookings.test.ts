import request from 'supertest';
import { Types } from 'mongoose';
import { shanghaiDayOf, weekStartOf } from '@tongxin/shared';
import { startTestApi, type TestApi } from '../../helpers/test-api';
import { aMealPointBody, anElderBody } from '../../fixtures/meal-points';
import { COMMUNITY, OTHER_COMMUNITY } from '../../fixtures/needs';
import { aCommunityStaff, aUser, aVolunteer, bearer, type TestUser } from '../../fixtures/users';

let api: TestApi;
let cityAdmin: TestUser;
let staff: TestUser;

beforeAll(async () => {
  api = await startTestApi();
  cityAdmin = await aUser(api, ['city_admin']);
  staff = await aCommunityStaff(api, COMMUNITY);
});
afterAll(() => api.stop());

const DAY = 86_400_000;
/** A Shanghai day `days` from today. */
const dayIn = (days: number) => shanghaiDayOf(new Date(Date.now() + days * DAY));

async function aPoint(overrides = {}) {
  return (await request(api.url).post('/api/v1/meal-points').set(bearer(cityAdmin)).send(aMealPointBody(overrides)).expect(201)).body as { id: string };
}

async function anElder(by: TestUser = staff, overrides = {}) {
  return (await request(api.url).post('/api/v1/elders').set(bearer(by)).send(anElderBody(overrides)).expect(201)).body as { id: string };
}

const book = (user: TestUser, pointId: string, body: object) =>
  request(api.url).post(`/api/v1/meal-points/${pointId}/bookings`).set(bearer(user)).send(body);

describe('POST /api/v1/meal-points/:id/bookings', () => {
  it('when 40 elders book 25 places of one meal at once, then exactly 25 get a place and the rest hear it is full', async () => {
    const point = await aPoint();
    const elders = [];
    for (let i = 0; i < 40; i++) elders.push(await anElder());
    const date = dayIn(2);
    const results = await Promise.all(elders.map((e) => book(staff, point.id, { elderId: e.id, date, meal: 'lunch', mode: 'dine_in' })));
    expect(results.filter((r) => r.status === 201)).toHaveLength(25);
    expect(results.filter((r) => r.status === 409).map((r) => r.body.code)).toEqual(Array(15).fill('MEAL_FULL'));
    expect(await api.runtime.infra.connection.collection('meal_places').countDocuments({ pool: `${point.id}#${date}#lunch` })).toBe(25);
    const operator = await aUser(api, ['meal_point_operator'], { mealPointId: point.id });
    const day = await request(api.url).get(`/api/v1/meal-points/${point.id}/bookings?date=${date}`).set(bearer(operator)).expect(200);
    const lunch = day.body.meals.find((m: { meal: string }) => m.meal === 'lunch');
    expect(lunch).toMatchObject({ capacity: 25, booked: 25 });
    expect(lunch.bookings).toHaveLength(25);
    expect(lunch.bookings[0].elderMaskedName).toBe('王**');
  });

  it('when the same elder is booked twice for one meal, then the second is refused; cancelling frees the place for a rebooking', async () => {
    const point = await aPoint({ meals: [{ meal: 'lunch', servesFrom: '11:00', servesUntil: '13:00', bookingCutoff: '09:00', capacity: 1, priceFen: 1200 }] });
    const elder = await anElder();
    const date = dayIn(3);
    const first = await book(staff, point.id, { elderId: elder.id, date, meal: 'lunch', mode: 'dine_in' }).expect(201);
    expect((await book(staff, point.id, { elderId: elder.id, date, meal: 'lunch', mode: 'dine_in' })).body.code).toBe('MEAL_ALREADY_BOOKED');
    expect((await book(staff, point.id, { elderId: (await anElder()).id, date, meal: 'lunch', mode: 'dine_in' })).body.code).toBe('MEAL_FULL');
    const cancelled = await request(api.url).delete(`/api/v1/meal-bookings/${first.body.id}`).set(bearer(staff)).expect(200);
    expect(cancelled.body.status).toBe('cancelled');
    expect((await request(api.url).delete(`/api/v1/meal-bookings/${first.body.id}`).set(bearer(staff))).body.code).toBe('BOOKING_NOT_ACTIVE');
    expect((await book(staff, point.id, { elderId: elder.id, date, meal: 'lunch', mode: 'dine_in' })).status).toBe(201);
  });

  it('when the cut-off has passed, then neither booking nor cancelling is possible', async () => {
    const point = await aPoint({ meals: [
      { meal: 'breakfast', servesFrom: '00:01', servesUntil: '23:59', bookingCutoff: '00:00', capacity: 5, priceFen: 500 },
      { meal: 'lunch', servesFrom: '11:00', servesUntil: '13:00', bookingCutoff: '09:00', capacity: 5, priceFen: 1200 },
    ] });
    const elder = await anElder();
    expect((await book(staff, point.id, { elderId: elder.id, date: dayIn(0), meal: 'breakfast', mode: 'dine_in' })).body.code).toBe('BOOKING_CUTOFF_PASSED');
    const booked = await book(staff, point.id, { elderId: elder.id, date: dayIn(2), meal: 'lunch', mode: 'dine_in' }).expect(201);
    // The meal's day comes: its cut-off is now behind us.
    await api.runtime.infra.connection.collection('meal_bookings').updateOne(
      { _id: new Types.ObjectId(booked.body.id) }, { $set: { bookingCutoffAt: new Date(Date.now() - 60_000) } },
    );
    expect((await request(api.url).delete(`/api/v1/meal-bookings/${booked.body.id}`).set(bearer(staff))).body.code).toBe('BOOKING_CUTOFF_PASSED');
  });

  it('when a point does not serve the meal, the day or the mode, then 409 with a reason', async () => {
    const point = await aPoint({ modes: ['dine_in'], openingDays: [1, 2, 3, 4, 5] });
    const elder = await anElder();
    const saturday = shanghaiDayOf(new Date(Date.parse(`${weekStartOf(dayIn(7))}T12:00:00+08:00`) + 5 * DAY));
    const weekday = weekStartOf(dayIn(7));
    expect((await book(staff, point.id, { elderId: elder.id, date: saturday, meal: 'lunch', mode: 'dine_in' })).body.code).toBe('MEAL_NOT_SERVED');
    expect((await book(staff, point.id, { elderId: elder.id, date: weekday, meal: 'breakfast', mode: 'dine_in' })).body.code).toBe('MEAL_NOT_SERVED');
    expect((await book(staff, point.id, { elderId: elder.id, date: weekday, meal: 'lunch', mode: 'delivery' })).body.code).toBe('MEAL_MODE_UNAVAILABLE');
  });

  it.each([
    ['an unknown field', { extra: true }],
    ['a day that does not exist', { date: '2026-02-30' }],
    ['an unknown meal', { meal: 'supper' }],
    ['a $-operator as elder id', { elderId: { $ne: null } }],
  ])('when the booking has %s, then 400 problem+json and nothing is stored', async (_name, change) => {
    const point = await aPoint();
    const elder = await anElder();
    const res = await book(staff, point.id, { elderId: elder.id, date: dayIn(2), meal: 'lunch', mode: 'dine_in', ...change });
    expect(res.status).toBe(400);
    expect(res.headers['content-type']).toContain('application/problem+json');
    expect(await api.runtime.infra.connection.collection('meal_bookings').countDocuments({ pointId: point.id })).toBe(0);
  });
});

describe('subsidies', () => {
  it('when an 80+ elder books lunch and dinner of one day at once, then exactly one meal is subsidized (one a day)', async () => {
    const point = await aPoint();
    const elder = await anElder();
    const date = dayIn(4);
    const [lunch, dinner] = await Promise.all(['lunch', 'dinner'].map((meal) => book(staff, point.id, { elderId: elder.id, date, meal, mode: 'dine_in' })));
    const prices = [lunch!.body.price, dinner!.body.price];
    expect(prices.filter((p) => p.reason === 'eligible')).toHaveLength(1);
    expect(prices.filter((p) => p.reason === 'daily_cap')).toHaveLength(1);
    const subsidized = prices.find((p) => p.reason === 'eligible');
    expect(subsidized.subsidyFen).toBe(500);
    expect(subsidized.payableFen).toBe(subsidized.priceFen - 500);
  });

  it('when an elder books six days of one week at once, then five are subsidized; cancelling one frees its subsidy', async () => {
    const point = await aPoint();
    const elder = await anElder();
    const monday = weekStartOf(dayIn(8));
    const days = Array.from({ length: 6 }, (_, i) => shanghaiDayOf(new Date(Date.parse(`${monday}T12:00:00+08:00`) + i * DAY)));
    const results = await Promise.all(days.map((date) => book(staff, point.id, { elderId: elder.id, date, meal: 'lunch', mode: 'dine_in' })));
    expect(results.every((r) => r.status === 201)).toBe(true);
    expect(results.filter((r) => r.body.price.subsidyFen > 0)).toHaveLength(5);
    const unsubsidized = results.find((r) => r.body.price.subsidyFen === 0)!;
    expect(unsubsidized.body.price).toMatchObject({ reason: 'weekly_cap', payableFen: 1200 });
    const subsidized = results.find((r) => r.body.price.subsidyFen > 0)!;
    await request(api.url).delete(`/api/v1/meal-bookings/${subsidized.body.id}`).set(bearer(staff)).expect(200);
    const rebooked = await book(staff, point.id, { elderId: elder.id, date: subsidized.body.date, meal: 'lunch', mode: 'dine_in' }).expect(201);
    expect(rebooked.body.price.reason).toBe('eligible');
  });
});

describe('elders, consent and who may book', () => {
  it('when the record lacks consent, then 400 and nothing is stored', async () => {
    const elders = api.runtime.infra.connection.collection('elders');
    const before = await elders.countDocuments({});
    const { consent: _omitted, ...withoutConsent } = anElderBody();
    for (const body of [withoutConsent, anElderBody({ consent: { given: false as never, by: 'self' } })]) {
      const res = await request(api.url).post('/api/v1/elders').set(bearer(staff)).send(body);
      expect(res.status).toBe(400);
      expect(res.body.errors.map((e: { path: string }) => e.path)).toContain(body === withoutConsent ? 'consent' : 'consent.given');
    }
    expect(await elders.countDocuments({})).toBe(before);
  });

  it('when a family member records an elder, then they and relatives they link may book; strangers and other communities may not', async () => {
    const point = await aPoint();
    const daughter = await aVolunteer(api);
    const son = await aUser(api, ['donor']);
    const stranger = await aVolunteer(api);
    const elder = await anElder(daughter, { communityCode: COMMUNITY });
    const stored = await api.runtime.infra.connection.collection('elders').findOne({});
    expect(JSON.stringify(stored)).not.toContain('王秀英');
    expect(JSON.stringify(stored)).not.toContain('幸福北街 8 号');
    const body = { elderId: elder.id, date: dayIn(2), meal: 'dinner', mode: 'dine_in' };
    expect((await book(stranger, point.id, body)).status).toBe(403);
    expect((await book(await aCommunityStaff(api, OTHER_COMMUNITY), point.id, body)).status).toBe(403);
    expect((await book(son, point.id, body)).status).toBe(403);
    await request(api.url).post(`/api/v1/elders/${elder.id}/relatives`).set(bearer(stranger)).send({ userId: son.id, relation: '儿子' }).expect(403);
    await request(api.url).post(`/api/v1/elders/${elder.id}/relatives`).set(bearer(daughter)).send({ userId: son.id, relation: '儿子' }).expect(201);
    const booked = await book(son, point.id, body);
    expect(booked.status).toBe(201);
    expect((await request(api.url).get(`/api/v1/meal-bookings/${booked.body.id}`).set(bearer(daughter))).status).toBe(200);
    expect((await request(api.url).get(`/api/v1/meal-bookings/${booked.body.id}`).set(bearer(stranger))).status).toBe(403);
    const mine = await request(api.url).get('/api/v1/me/elders').set(bearer(son)).expect(200);
    expect(mine.body.items.map((e: { id: string; maskedName: string }) => [e.id, e.maskedName])).toEqual([[elder.id, '王**']]);
  });
});

describe('operators, pickup and ratings', () => {
  it('when an operator opens another point\'s day or booking, then 403; their own point\'s, 200', async () => {
    const mine = await aPoint();
    const theirs = await aPoint({ name: '另一家助餐点' });
    const operator = await aUser(api, ['meal_point_operator'], { mealPointId: mine.id });
    const elder = await anElder();
    const date = dayIn(2);
    const other = await book(staff, theirs.id, { elderId: elder.id, date, meal: 'lunch', mode: 'dine_in' }).expect(201);
    expect((await request(api.url).get(`/api/v1/meal-points/${theirs.id}/bookings?date=${date}`).set(bearer(operator))).status).toBe(403);
    expect((await request(api.url).get(`/api/v1/meal-bookings/${other.body.id}`).set(bearer(operator))).status).toBe(403);
    expect((await request(api.url).get(`/api/v1/meal-points/${mine.id}/bookings?date=${date}`).set(bearer(operator))).status).toBe(200);
    expect((await request(api.url).get(`/api/v1/meal-points/${mine.id}/bookings?date=tomorrow`).set(bearer(operator))).status).toBe(400);
  });

  it('when the diner shows the rotating code, then the operator marks the meal served once; then the diner rates it once', async () => {
    const point = await aPoint();
    const operator = await aUser(api, ['meal_point_operator'], { mealPointId: point.id });
    const relative = await aVolunteer(api);
    const elder = await anElder(relative);
    const booking = (await book(relative, point.id, { elderId: elder.id, date: dayIn(2), meal: 'lunch', mode: 'dine_in' }).expect(201)).body;
    await request(api.url).post(`/api/v1/meal-bookings/${booking.id}/rating`).set(bearer(relative)).send({ stars: 5 }).expect(409);
    const code = (await request(api.url).get(`/api/v1/meal-bookings/${booking.id}/pickup-code`).set(bearer(relative)).expect(200)).body;
    expect(code.refreshInSeconds).toBeGreaterThan(0);
    expect((await request(api.url).post(`/api/v1/meal-bookings/${booking.id}/pickup`).set(bearer(operator)).send({ code: '1.forged' })).body.code)
      .toBe('PICKUP_CODE_INVALID');
    expect((await request(api.url).post(`/api/v1/meal-bookings/${booking.id}/pickup`).set(bearer(relative)).send({ code: code.code })).status).toBe(403);
    const served = await request(api.url).post(`/api/v1/meal-bookings/${booking.id}/pickup`).set(bearer(operator)).send({ code: code.code });
    expect(served.body.status).toBe('served');
    expect((await request(api.url).post(`/api/v1/meal-bookings/${booking.id}/pickup`).set(bearer(operator)).send({ code: code.code })).body.code)
      .toBe('BOOKING_NOT_ACTIVE');
    await request(api.url).post(`/api/v1/meal-bookings/${booking.id}/rating`).set(bearer(relative)).send({ stars: 6 }).expect(400);
    await request(api.url).post(`/api/v1/meal-bookings/${booking.id}/rating`).set(bearer(relative)).send({ stars: 4, comment: '饭菜软烂，适合老人' }).expect(201);
    await request(api.url).post(`/api/v1/meal-bookings/${booking.id}/rating`).set(bearer(relative)).send({ stars: 1 }).expect(409);
    const view = await request(api.url).get(`/api/v1/meal-points/${point.id}`).set(bearer(relative));
    expect(view.body.rating).toEqual({ average: 4, count: 1 });
  });
});
