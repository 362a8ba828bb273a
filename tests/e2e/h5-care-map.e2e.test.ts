import request from 'supertest';
import { aMealPointBody, anElderBody } from '../fixtures/meal-points';
import { aUser, aVolunteer, bearer } from '../fixtures/users';
import { mobileContext, screenshot, signIn, watchErrors } from './support/browser';
import { useH5App, WAIT } from './support/h5-app';

/**
 * The care map in the H5 build against the real API: a volunteer who looks after an elder sees the
 * meal point and the service station near home on the tile-free map and in the list, filters, and
 * books tomorrow's lunch for the elder at the subsidized price.
 */

const app = useH5App();

describe('H5 care map', () => {
  it('a relative finds the meal point and service station near home, filters, and books a subsidized lunch for the elder', async () => {
    const admin = await aUser(app.api, ['city_admin']);
    const name = `长者食堂${Date.now() % 100_000}`;
    const point = (await request(app.api.url).post('/api/v1/meal-points').set(bearer(admin)).send(aMealPointBody({ name })).expect(201)).body as { id: string };
    await request(app.api.url).post('/api/v1/meal-points').set(bearer(admin)).send(aMealPointBody({
      kind: 'service_station', name: '幸福北养老服务站', meals: [], location: { lat: 30.6585, lng: 104.0806 },
    })).expect(201);
    // Home 300 m south of the meal point; the elder (80+) was recorded by this relative, so they may book.
    const relative = await aVolunteer(app.api, { profile: { homeLocation: { lat: 30.6544, lng: 104.0806 } } });
    const elder = (await request(app.api.url).post('/api/v1/elders').set(bearer(relative)).send(anElderBody()).expect(201)).body as { id: string };

    const context = await mobileContext(app.browser);
    await signIn(context, relative.token);
    const page = await context.newPage();
    const errors = watchErrors(page);
    try {
      await page.goto(`${app.api.url}/pages/me/index`);
      await page.locator('[data-link="careMap"]').click();
      await page.locator('[data-care-map]').waitFor(WAIT);
      await page.locator('[data-place]').getByText(/家附近/).waitFor(WAIT);
      const mealEntry = page.locator(`[data-entry="p:${point.id}"]`);
      await mealEntry.getByText(name).waitFor(WAIT);
      await page.locator('[data-kind="service_station"]').getByText('幸福北养老服务站').waitFor(WAIT);
      // The map pins are numbered like the list, nearest first.
      expect(await page.locator('[data-pin]').count()).toBe(2);
      await expect(page.locator(`[data-pin="p:${point.id}"]`).getAttribute('aria-label')).resolves.toBe(`1 助餐点 ${name}`);
      await screenshot(page, 'care-01-map');

      // Only meal points; tomorrow's lunch (today's may be past its cut-off), priced for the elder.
      await page.locator('[data-filter="kind"] [data-code="meal_point"]').click();
      await page.locator('[data-kind="service_station"]').waitFor({ state: 'detached', ...WAIT });
      await page.locator('[data-filter="day"] [data-code="tomorrow"]').click();
      await page.locator(`[data-filter="elder"] [data-code="${elder.id}"]`).click();
      await mealEntry.locator('[data-meal-line]').getByText('午餐：剩 25/25 份').waitFor(WAIT);
      await mealEntry.locator('[data-meal-line]').getByText(/补贴/).waitFor(WAIT);
      await screenshot(page, 'care-02-filtered');

      await mealEntry.locator('[data-action="book-meal"]').click();
      await page.locator('[data-point-name]').getByText(name).waitFor(WAIT);
      await page.locator('[data-quote]').getByText(/应付 ¥/).waitFor(WAIT);
      await screenshot(page, 'care-03-booking');
      await page.locator('[data-action="confirm-booking"]').click();
      await page.getByText('订餐成功').waitFor(WAIT);
      await screenshot(page, 'care-04-booked');

      const bookingId = await page.locator('[data-booking]').getAttribute('data-booking');
      const booking = await request(app.api.url).get(`/api/v1/meal-bookings/${bookingId}`).set(bearer(relative)).expect(200);
      expect(booking.body).toMatchObject({ pointId: point.id, elderId: elder.id, meal: 'lunch', mode: 'dine_in', status: 'booked' });
      expect(booking.body.price.subsidyFen).toBeGreaterThan(0);
      expect(errors).toEqual([]);
    } finally {
      await context.close();
    }
  });
});
