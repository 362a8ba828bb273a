import request from 'supertest';
import { Types } from 'mongoose';
import { shanghaiDayOf } from '@tongxin/shared';
import { startTestApi, type TestApi } from '../../helpers/test-api';
import { aMealPointBody, anElderBody } from '../../fixtures/meal-points';
import { COMMUNITY } from '../../fixtures/needs';
import { aCommunityStaff, aUser, aVolunteer, bearer, type TestUser } from '../../fixtures/users';

let api: TestApi;
let staff: TestUser;

beforeAll(async () => {
  api = await startTestApi();
  staff = await aCommunityStaff(api, COMMUNITY);
});
afterAll(() => api.stop());

const date = shanghaiDayOf(new Date(Date.now() + 2 * 86_400_000));

/** Moves a delivery's window around now, as if the meal's day had come. */
async function openWindow(bookingId: string, open: boolean) {
  const now = Date.now();
  await api.runtime.infra.connection.collection('meal_deliveries').updateOne({ _id: bookingId as unknown as Types.ObjectId }, {
    $set: open
      ? { windowStartsAt: new Date(now - 60_000), windowEndsAt: new Date(now + 3_600_000) }
      : { windowStartsAt: new Date(now - 7_200_000), windowEndsAt: new Date(now - 3_600_000) },
  });
}

describe('delivery address and confirmation', () => {
  it('when a volunteer is assigned, then they read the address only inside the delivery window; the operator always; others never', async () => {
    const admin = await aUser(api, ['city_admin']);
    const point = (await request(api.url).post('/api/v1/meal-points').set(bearer(admin)).send(aMealPointBody()).expect(201)).body;
    const other = (await request(api.url).post('/api/v1/meal-points').set(bearer(admin)).send(aMealPointBody({ name: '别家助餐点' })).expect(201)).body;
    const operator = await aUser(api, ['meal_point_operator'], { mealPointId: point.id });
    const otherOperator = await aUser(api, ['meal_point_operator'], { mealPointId: other.id });
    const relative = await aVolunteer(api);
    const deliverer = await aVolunteer(api);
    const bystander = await aVolunteer(api);
    const elder = (await request(api.url).post('/api/v1/elders').set(bearer(relative)).send(anElderBody()).expect(201)).body;
    const booking = (await request(api.url).post(`/api/v1/meal-points/${point.id}/bookings`).set(bearer(relative))
      .send({ elderId: elder.id, date, meal: 'lunch', mode: 'delivery' }).expect(201)).body;
    const address = (user: TestUser) => request(api.url).get(`/api/v1/meal-bookings/${booking.id}/delivery-address`).set(bearer(user));

    await request(api.url).post(`/api/v1/meal-bookings/${booking.id}/delivery`).set(bearer(otherOperator)).send({ volunteerUserId: deliverer.id }).expect(403);
    await request(api.url).post(`/api/v1/meal-bookings/${booking.id}/delivery`).set(bearer(operator)).send({ volunteerUserId: deliverer.id }).expect(201);

    expect((await address(operator)).body.address).toBe('锦江区幸福北街 8 号 3 单元 201');
    expect((await address(otherOperator)).status).toBe(403);
    expect((await address(bystander)).status).toBe(403);
    expect((await address(relative)).status).toBe(403);
    expect((await address(deliverer)).status).toBe(403);
    await openWindow(booking.id, true);
    const during = await address(deliverer);
    expect(during.status).toBe(200);
    expect(during.body).toMatchObject({ address: '锦江区幸福北街 8 号 3 单元 201', elderMaskedName: '王**' });
    expect(during.headers['cache-control']).toBe('no-store');
    await openWindow(booking.id, false);
    expect((await address(deliverer)).status).toBe(403);

    await request(api.url).post(`/api/v1/meal-bookings/${booking.id}/delivered`).set(bearer(bystander)).expect(403);
    const delivered = await request(api.url).post(`/api/v1/meal-bookings/${booking.id}/delivered`).set(bearer(deliverer)).expect(200);
    expect(delivered.body.status).toBe('delivered');
    await request(api.url).post(`/api/v1/meal-bookings/${booking.id}/rating`).set(bearer(relative)).send({ stars: 5 }).expect(201);
  });

  it('when a dine-in booking or an elder without address asks for delivery, then it is refused', async () => {
    const admin = await aUser(api, ['city_admin']);
    const point = (await request(api.url).post('/api/v1/meal-points').set(bearer(admin)).send(aMealPointBody()).expect(201)).body;
    const operator = await aUser(api, ['meal_point_operator'], { mealPointId: point.id });
    const noAddress = (await request(api.url).post('/api/v1/elders').set(bearer(staff)).send(anElderBody({ deliveryAddress: undefined })).expect(201)).body;
    const refused = await request(api.url).post(`/api/v1/meal-points/${point.id}/bookings`).set(bearer(staff))
      .send({ elderId: noAddress.id, date, meal: 'lunch', mode: 'delivery' });
    expect(refused.status).toBe(400);
    const dineIn = (await request(api.url).post(`/api/v1/meal-points/${point.id}/bookings`).set(bearer(staff))
      .send({ elderId: noAddress.id, date, meal: 'lunch', mode: 'dine_in' }).expect(201)).body;
    expect((await request(api.url).post(`/api/v1/meal-bookings/${dineIn.id}/delivery`).set(bearer(operator))
      .send({ volunteerUserId: new Types.ObjectId().toHexString() })).status).toBe(400);
  });
});
