import request from 'supertest';
import { shanghaiDayOf } from '@tongxin/shared';
import { aMealPointBody, anElderBody } from '../fixtures/meal-points';
import { aUser, aVolunteer, bearer } from '../fixtures/users';
import { eventually } from '../helpers/eventually';
import { mobileContext, screenshot, signIn, watchErrors } from './support/browser';
import { useH5App, WAIT } from './support/h5-app';

/** The meal-point operator's sub-package in the H5 build: tomorrow's bookings, serving a diner by code, portions and menu. */

const app = useH5App();

describe('H5 meal-point operator', () => {
  it('the operator sees the day against capacity, serves a diner by their code, and saves portions and the menu', async () => {
    const admin = await aUser(app.api, ['city_admin']);
    const point = (await request(app.api.url).post('/api/v1/meal-points').set(bearer(admin)).send(aMealPointBody({ name: '运营测试长者食堂' })).expect(201)).body as { id: string };
    const operator = await aUser(app.api, ['meal_point_operator'], { mealPointId: point.id });
    const relative = await aVolunteer(app.api);
    const elder = (await request(app.api.url).post('/api/v1/elders').set(bearer(relative)).send(anElderBody()).expect(201)).body as { id: string };
    const tomorrow = shanghaiDayOf(new Date(Date.now() + 86_400_000));
    const booking = (await request(app.api.url).post(`/api/v1/meal-points/${point.id}/bookings`).set(bearer(relative))
      .send({ elderId: elder.id, date: tomorrow, meal: 'lunch', mode: 'dine_in' }).expect(201)).body as { id: string };

    const context = await mobileContext(app.browser);
    await signIn(context, operator.token);
    const page = await context.newPage();
    const errors = watchErrors(page);
    try {
      await page.goto(`${app.api.url}/pages/me/index`);
      await page.locator('[data-link="operatorDay"]').click();
      await page.locator('[data-day="1"]').click();
      await page.locator('[data-meal="lunch"] [data-booked]').getByText('已订 1/25 份').waitFor(WAIT);
      const row = page.locator(`[data-booking-id="${booking.id}"]`);
      await row.getByText('待用餐').waitFor(WAIT);
      await row.locator('[role="button"]').click();
      const code = (await request(app.api.url).get(`/api/v1/meal-bookings/${booking.id}/pickup-code`).set(bearer(relative)).expect(200)).body.code as string;
      await row.locator(`input[name="pickup-${booking.id}"]`).fill(code);
      await screenshot(page, 'operator-01-day');
      await row.locator('[data-action="confirm-pickup"]').click();
      await page.locator(`[data-booking-id="${booking.id}"][data-status="served"]`).getByText('已取餐').waitFor(WAIT);

      await page.locator('[data-action="settings"]').click();
      await page.locator('input[name="capacity-lunch"]').fill('30');
      await page.locator('[data-action="save-capacity"]').click();
      await page.locator('textarea[name="menu-lunch"]').fill('番茄炒蛋、清蒸鲈鱼\n米饭');
      await page.locator('[data-action="save-menu"]').click();
      await screenshot(page, 'operator-02-settings');
      await eventually(async () => expect((await request(app.api.url).get(`/api/v1/meal-points/${point.id}`).set(bearer(operator))).body.meals[0].capacity).toBe(30));
      const today = shanghaiDayOf(new Date());
      await eventually(async () => expect((await request(app.api.url).get(`/api/v1/meal-points/${point.id}/menus/${today}`).set(bearer(operator))).body.meals.lunch)
        .toEqual(['番茄炒蛋', '清蒸鲈鱼', '米饭']));
      expect(errors).toEqual([]);
    } finally {
      await context.close();
    }
  });
});
