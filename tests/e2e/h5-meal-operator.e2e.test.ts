import request from 'supertest';
import { shanghaiDayOf } from '@tongxin/shared';
import { aMealPointBody, anElderBody } from '../fixtures/meal-points';
import { aUser, aVolunteer, bearer } from '../fixtures/users';
import { eventually } from '../helpers/eventually';
import { mobileContext, screenshot, signIn, watchErrors } from './support/browser';
import { useH5App, WAIT } from './support/h5-app';

/**
 * The meal-point operator's sub-package in the H5 build: tomorrow's bookings, serving a diner by code, portions and menu;
 * picking and inviting a delivery volunteer for a delivery task, the volunteer taking it, and the operator seeing who took it.
 */

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

  it('the operator opens a delivery task from the day, invites a nearby delivery volunteer, who takes it in the app; the operator then sees them by name', async () => {
    const admin = await aUser(app.api, ['city_admin']);
    const point = (await request(app.api.url).post('/api/v1/meal-points').set(bearer(admin)).send(aMealPointBody({ name: '送餐测试长者食堂' })).expect(201)).body as { id: string };
    const operator = await aUser(app.api, ['meal_point_operator'], { mealPointId: point.id });
    const relative = await aVolunteer(app.api);
    const elder = (await request(app.api.url).post('/api/v1/elders').set(bearer(relative)).send(anElderBody()).expect(201)).body as { id: string };
    const tomorrow = shanghaiDayOf(new Date(Date.now() + 86_400_000));
    await request(app.api.url).post(`/api/v1/meal-points/${point.id}/bookings`).set(bearer(relative))
      .send({ elderId: elder.id, date: tomorrow, meal: 'lunch', mode: 'delivery' }).expect(201);
    // The formation job's work at the cut-off, run now; the helper signs up afterwards, so the engine has not offered them the task.
    const [taskId] = (await app.api.runtime.modules.mealPoints.deliveryTasks.form(point.id, tomorrow, 'lunch')) as [string];
    const helper = await aVolunteer(app.api, { profile: { realName: '李红梅', homeLocation: { lat: 30.6581, lng: 104.0806 } } });

    const context = await mobileContext(app.browser);
    await signIn(context, operator.token);
    const page = await context.newPage();
    const errors = watchErrors(page);
    try {
      await page.goto(`${app.api.url}/pages/me/index`);
      await page.locator('[data-link="operatorDay"]').click();
      await page.locator('[data-day="1"]').click();
      const task = page.locator(`[data-delivery-task="${taskId}"]`);
      await task.getByText('待接单').waitFor(WAIT);
      await task.locator('[data-action="pick-volunteers"]').click();

      const candidate = page.locator(`[data-candidate="${helper.id}"]`);
      await candidate.getByText(/^李\*+$/).waitFor(WAIT);
      await candidate.getByText('技能匹配：驾驶、烹饪/助餐、送餐').waitFor(WAIT);
      expect(await page.getByText('李红梅').count()).toBe(0);
      await candidate.click();
      await page.locator('[data-action="invite-selected"]').getByText('邀请所选的 1 位志愿者').waitFor(WAIT);
      await screenshot(page, 'operator-03-delivery-picker');
      await page.locator('[data-action="invite-selected"]').click();
      await page.locator('[data-sent-note]').getByText('已邀请 1 位志愿者，对方接单后会显示全名').waitFor(WAIT);
      await page.locator(`[data-invitee="${helper.id}"][data-status="invited"]`).getByText('等待回复').waitFor(WAIT);

      // The volunteer takes it in their own browser, from 我的 → 送餐任务.
      const helperContext = await mobileContext(app.browser);
      try {
        await signIn(helperContext, helper.token);
        const helperPage = await helperContext.newPage();
        const helperErrors = watchErrors(helperPage);
        await helperPage.goto(`${app.api.url}/pages/me/index`);
        await helperPage.locator('[data-link="deliveryTasks"]').click();
        const offer = helperPage.locator(`[data-delivery-task="${taskId}"]`);
        await offer.getByText('送餐测试长者食堂 · 午餐送餐').waitFor(WAIT);
        await offer.locator('[data-action="accept"]').click();
        await helperPage.locator(`[data-delivery-task="${taskId}"][data-status="claimed"] [data-stop]`).first().waitFor(WAIT);
        await screenshot(helperPage, 'volunteer-01-delivery-task');
        expect(helperErrors).toEqual([]);
      } finally {
        await helperContext.close();
      }
      await page.reload();
      await page.locator(`[data-invitee="${helper.id}"][data-status="accepted"]`).getByText('李红梅').waitFor(WAIT);
      await page.locator(`[data-task-status="claimed"]`).waitFor(WAIT);
      await screenshot(page, 'operator-04-delivery-taken');
      expect(errors).toEqual([]);
    } finally {
      await context.close();
    }
  });
});
