import request from 'supertest';
import type { Page } from 'playwright-core';
import { aSignedUpShift } from '../fixtures/attendance';
import { aNeedBody, aShift, COMMUNITY } from '../fixtures/needs';
import { aResidentId, bornYearsAgo } from '../fixtures/resident-ids';
import { aCommunityStaff, aUser, aVolunteer, bearer } from '../fixtures/users';
import { aCharity, aLiveCampaign } from '../integration/campaigns/campaign-fixtures';
import { aPhone, smsInbox } from '../integration/auth/auth-helpers';
import { mobileContext, screenshot, signIn, watchErrors } from './support/browser';
import { useH5App, WAIT } from './support/h5-app';

/**
 * Whole journeys in the H5 build served by the real API (store, Redis, sockets), in Chromium at
 * 375×812: a volunteer from sign-in to their schedule, on a full shift's waitlist and off it again, reading a notice, a donor paying through the sandbox while
 * someone else watches the tally, staff posting a need and watching the sign-up arrive.
 * Screenshots go to .run/screenshots/.
 */
const HOUR = 3_600_000;

const app = useH5App();

async function waitForToastToGo(page: Page): Promise<void> {
  await page.waitForTimeout(300);
}

describe('H5 journeys', () => {
  it('a volunteer signs in by SMS, completes the profile, signs up for a shift and finds it in the schedule', async () => {
    const staff = await aCommunityStaff(app.api, COMMUNITY);
    const title = `陪伴老人散步${Date.now() % 100_000}`;
    await request(app.api.url).post('/api/v1/needs').set(bearer(staff))
      .send(aNeedBody({ title, requiredSkills: ['elderly_care'], shifts: [aShift(72 * HOUR, 3)] })).expect(201);

    const context = await mobileContext(app.browser);
    const page = await context.newPage();
    const errors = watchErrors(page);
    try {
      // Sign in with the code the sandbox SMS provider "sent".
      const phone = aPhone();
      await page.goto(`${app.api.url}/pages/login/index`);
      await page.locator('input[name="phone"]').fill(phone);
      await page.getByText('获取验证码').click();
      await page.getByText(/秒后重发/).waitFor(WAIT);
      const code = smsInbox(app.api).lastCodeFor(phone)!;
      await page.locator('input[name="code"]').fill(code);
      await screenshot(page, 'volunteer-01-login');
      await page.locator('.login-panel__submit').click();
      await page.locator('.needs-page').waitFor(WAIT);

      // 我的 → 完善资料: a new account has no profile yet.
      await page.locator('[data-section="me"]').click();
      await page.locator('[data-link="profile"]').click();
      await page.locator('input[name="realName"]').waitFor(WAIT);
      // Inline validation from the shared schema, before anything is sent.
      await page.locator('input[name="residentId"]').fill('110101199003077');
      await page.locator('input[name="realName"]').click();
      await page.locator('[data-error-for="residentId"]').getByText('身份证号码应为 18 位').waitFor(WAIT);
      await page.locator('input[name="realName"]').fill('王小明');
      await page.locator('input[name="residentId"]').fill(aResidentId({ birthDate: bornYearsAgo(30) }));
      await page.locator('[data-skill="elderly_care"]').click();
      for (const day of ['周一', '周二', '周三', '周四', '周五', '周六', '周日']) await page.locator(`[aria-label="${day}全天"]`).click();
      await page.locator('[data-level="0"] [data-region="510104"]').click();
      await page.locator('[data-level="1"] [data-region="510104001"]').click();
      await page.locator('[data-level="2"] [data-region="510104001001"]').click();
      await page.locator('[data-picked-community]').waitFor(WAIT);
      // Home on the map: the map opens on the community's centre; a tap up and right of the middle moves home north-east.
      const homeMap = page.locator('[data-home-map-picker] [data-care-map]');
      const box = (await homeMap.boundingBox())!;
      await homeMap.click({ position: { x: box.width * 0.75, y: box.height * 0.25 } });
      await page.locator('[data-home-state="set"]').waitFor(WAIT);
      await screenshot(page, 'volunteer-02-profile');
      await page.locator('[data-action="save-profile"]').click();
      await page.locator('[data-profile-percent]').waitFor(WAIT);
      const profile = await request(app.api.url).get('/api/v1/me/volunteer-profile')
        .set('authorization', `Bearer ${await page.evaluate(() => JSON.parse((globalThis as unknown as { localStorage: { getItem(k: string): string } }).localStorage.getItem('tongxin.accessToken')).data as string)}`)
        .expect(200);
      expect(profile.body).toMatchObject({ realName: '王小明', skills: ['elderly_care'], homeCommunityCode: '510104001001', availability: { mask: 2 ** 28 - 1 } });
      const communities = await request(app.api.url).get('/api/v1/regions').query({ parentCode: '510104001' }).expect(200);
      const [centreLat, centreLng] = (communities.body.items as Array<{ code: string; centre: [number, number] }>).find((r) => r.code === '510104001001')!.centre;
      const home = profile.body.homeLocation as { lat: number; lng: number };
      // North-east of the community centre by part of the 5 km radius, and kept only to about 100 m (0.001°).
      expect(home.lat - centreLat).toBeGreaterThan(0.005);
      expect(home.lng - centreLng).toBeGreaterThan(0.005);
      expect(Math.abs(home.lat * 1000 - Math.round(home.lat * 1000))).toBeLessThan(1e-6);
      expect(Math.abs(home.lng * 1000 - Math.round(home.lng * 1000))).toBeLessThan(1e-6);

      // Needs square → the need's page → sign up.
      await page.locator('[data-section="home"]').click();
      await page.locator('.need-card__title', { hasText: title }).click();
      await page.locator('[data-need-title]').getByText(title).waitFor(WAIT);
      await page.locator('.ui-live', { hasText: '名额实时更新中' }).waitFor(WAIT);
      await page.locator('[data-action="sign-up"]').click();
      await page.getByText('已报名 · 取消').waitFor(WAIT);
      await page.locator('[data-places]').getByText('剩 2/3 个名额').waitFor(WAIT);
      await screenshot(page, 'volunteer-03-need-signed-up');
      await waitForToastToGo(page);

      // 我的 → 我的日程 shows the shift.
      await page.locator('[data-section="me"]').count(); // the need page has no section bar: go through 我的
      await page.goto(`${app.api.url}/pages/me/index`);
      await page.locator('[data-link="schedule"]').click();
      await page.locator('[data-schedule-title]', { hasText: title }).waitFor(WAIT);
      expect(await page.locator('[data-enrollment-id]').count()).toBe(1);
      await screenshot(page, 'volunteer-04-schedule');
      expect(errors).toEqual([]);
    } finally {
      await context.close();
    }
  });

  it('a volunteer joins the waitlist of a full shift, then cancels it after confirming', async () => {
    const staff = await aCommunityStaff(app.api, COMMUNITY);
    const need = await request(app.api.url).post('/api/v1/needs').set(bearer(staff))
      .send(aNeedBody({ title: '候补与取消测试', shifts: [aShift(72 * HOUR, 1)] })).expect(201);
    const first = await aVolunteer(app.api);
    await request(app.api.url).post(`/api/v1/needs/${need.body.id}/shifts/${need.body.shifts[0].id}/enrollments`).set(bearer(first)).send({}).expect(201);
    const volunteer = await aVolunteer(app.api);
    const context = await mobileContext(app.browser);
    await signIn(context, volunteer.token);
    const page = await context.newPage();
    const errors = watchErrors(page);
    const mine = async () => (await request(app.api.url).get('/api/v1/me/enrollments').set(bearer(volunteer)).expect(200)).body.items as Array<{ status: string }>;
    try {
      await page.goto(`${app.api.url}/pages/need/index?id=${need.body.id}`);
      await page.locator('[data-places]').getByText('已满员').waitFor(WAIT);
      await page.locator('[data-action="waitlist"]').click();
      await page.getByText('候补中 · 取消').waitFor(WAIT);
      expect((await mine()).map((e) => e.status)).toEqual(['waitlisted']);
      await screenshot(page, 'volunteer-07-waitlisted');
      await waitForToastToGo(page);

      // Cancelling asks first; "再想想" keeps the place in the queue.
      await page.locator('[data-action="cancel"]').click();
      await page.locator('.taro-modal__foot').getByText('再想想').click();
      await page.locator('.taro-modal__foot').waitFor({ state: 'hidden', ...WAIT });
      expect((await mine()).map((e) => e.status)).toEqual(['waitlisted']);
      await page.locator('[data-action="cancel"]').click();
      await page.locator('.taro-modal__foot').getByText('取消报名').click();
      await page.locator('[data-action="waitlist"]').waitFor(WAIT);
      expect((await mine()).map((e) => e.status)).toEqual(['cancelled']);
      expect(errors).toEqual([]);
    } finally {
      await context.close();
    }
  });

  it('a volunteer finds the notice of a cancelled need in the inbox, unread, and reads it', async () => {
    const staff = await aCommunityStaff(app.api, COMMUNITY);
    const shift = await aSignedUpShift(app.api, staff, { startsInMs: 48 * HOUR, title: '收件箱测试需求' });
    await request(app.api.url).post(`/api/v1/needs/${shift.needId}/cancel`).set(bearer(staff)).send({ reason: '天气原因，活动取消' }).expect(200);
    const inbox = async () => (await request(app.api.url).get('/api/v1/me/notifications').set(bearer(shift.volunteer)).expect(200)).body as { items: Array<{ title: string; readAt: string | null }> };
    // The notice is written by a queued job: wait for it through the API before opening the page.
    for (let tries = 0; (await inbox()).items.length === 0; tries += 1) {
      if (tries > 100) throw new Error('no notice after 20 s');
      await new Promise((resolve) => setTimeout(resolve, 200));
    }
    const context = await mobileContext(app.browser);
    await signIn(context, shift.volunteer.token);
    const page = await context.newPage();
    const errors = watchErrors(page);
    try {
      await page.goto(`${app.api.url}/pages/notifications/index`);
      const notice = page.locator('[data-unread="true"]', { hasText: '服务需求已取消' });
      await notice.waitFor(WAIT);
      await page.getByText('1 条未读').waitFor(WAIT);
      await screenshot(page, 'volunteer-08-inbox');
      // Opening it marks it read (and may lead on to the need); back in the inbox it is read.
      await Promise.all([page.waitForResponse((r) => r.url().includes('/me/notifications/') && r.request().method() === 'POST', WAIT), notice.click()]);
      await page.goto(`${app.api.url}/pages/notifications/index`);
      await page.locator('[data-unread="false"]', { hasText: '服务需求已取消' }).waitFor(WAIT);
      await page.getByText('全部已读').waitFor(WAIT);
      expect((await inbox()).items.map((n) => [n.title, n.readAt === null])).toEqual([['服务需求已取消', false]]);
      expect(errors).toEqual([]);
    } finally {
      await context.close();
    }
  });

  it('a volunteer checks in on H5 by typing the code staff show, and sees the check-in confirmed', async () => {
    const staff = await aCommunityStaff(app.api, COMMUNITY);
    const shift = await aSignedUpShift(app.api, staff, { startsInMs: 10 * 60_000, title: '社区义诊签到测试' });
    const context = await mobileContext(app.browser);
    await signIn(context, shift.volunteer.token);
    const page = await context.newPage();
    const errors = watchErrors(page);
    try {
      await page.goto(`${app.api.url}/pages/schedule/index`);
      await page.locator(`[data-enrollment-id="${shift.enrollmentId}"] [data-action="check-in"]`).click();
      const code = (await request(app.api.url).get(`/api/v1/needs/${shift.needId}/shifts/${shift.shiftId}/check-in-code`).set(bearer(staff)).expect(200)).body.code as string;
      await page.locator('input[name="checkInCode"]').fill(code);
      await page.locator('[data-action="submit-code"]').click();
      await page.locator('[data-result="checked_in"]').getByText('签到成功').waitFor(WAIT);
      await screenshot(page, 'volunteer-05-checked-in');
      const records = await request(app.api.url).get('/api/v1/me/service-records').set(bearer(shift.volunteer)).expect(200);
      expect(records.body.records).toEqual([expect.objectContaining({ enrollmentId: shift.enrollmentId, status: 'checked_in' })]);
      expect(errors).toEqual([]);
    } finally {
      await context.close();
    }
  });

  it('a donor donates through the sandbox and another app.browser watching the campaign sees the tally move without reloading', async () => {
    const world = await aCharity(app.api);
    const campaignId = await aLiveCampaign(app.api, world, { title: '为独居老人送冬衣浏览器测试' });
    const watcherContext = await mobileContext(app.browser);
    const donorContext = await mobileContext(app.browser);
    await signIn(watcherContext, (await aUser(app.api, ['donor'])).token);
    await signIn(donorContext, (await aUser(app.api, ['donor'])).token);
    const watcher = await watcherContext.newPage();
    const donor = await donorContext.newPage();
    const errors = [...watchErrors(watcher), ...watchErrors(donor)];
    try {
      await watcher.goto(`${app.api.url}/pages/campaign/index?id=${campaignId}`);
      await watcher.getByText('已筹 ¥0.00').waitFor(WAIT);
      await watcher.getByText('● 实时').waitFor(WAIT);
      let navigations = 0;
      watcher.on('framenavigated', () => (navigations += 1));

      await donor.goto(`${app.api.url}/pages/campaigns/index`);
      await donor.locator('[data-campaign-title]', { hasText: '为独居老人送冬衣浏览器测试' }).click();
      await donor.locator('[data-section="donate"]').waitFor(WAIT);
      await donor.locator('input[name="customAmount"]').fill('88.8');
      await donor.locator('textarea[name="message"]').fill('天冷了，多穿点');
      await screenshot(donor, 'donor-01-form');
      await donor.locator('[data-action="donate"]').click();
      await donor.locator('[data-donated]').waitFor(WAIT);
      await donor.getByText('已筹 ¥88.80').waitFor(WAIT);
      await screenshot(donor, 'donor-02-paid');

      // The watcher's page changed by itself: same document, new numbers and a feed entry.
      await watcher.getByText('已筹 ¥88.80').waitFor(WAIT);
      await watcher.locator('[data-feed-item]', { hasText: '天冷了，多穿点' }).waitFor(WAIT);
      expect(navigations).toBe(0);
      await screenshot(watcher, 'donor-03-watcher-live');

      await donor.goto(`${app.api.url}/pages/donations/index`);
      await donor.getByText('¥88.80').first().waitFor(WAIT);
      await donor.getByText(/已支付/).waitFor(WAIT);
      await screenshot(donor, 'donor-04-my-donations');
      expect(errors).toEqual([]);
    } finally {
      await watcherContext.close();
      await donorContext.close();
    }
  });

  it('staff post a need with a weekly repeat and see a sign-up arrive live', async () => {
    const staff = await aCommunityStaff(app.api, COMMUNITY);
    const context = await mobileContext(app.browser);
    await signIn(context, staff.token);
    const page = await context.newPage();
    const errors = watchErrors(page);
    const title = `社区助餐${Date.now() % 100_000}`;
    try {
      await page.goto(`${app.api.url}/staff/pages/needs/index`);
      await page.locator('[data-action="new-need"]').click();
      await page.locator('input[name="title"]').fill(title);
      await page.locator('[data-chips="category"] [data-code="community_service"]').click();
      await page.locator('[data-chips="beneficiary"] [data-code="residents"]').click();
      await page.locator('input[name="shift-0-capacity"]').fill('4');
      await page.locator('input[name="weeks"]').fill('2');
      await screenshot(page, 'staff-01-post-need');
      await page.locator('[data-action="post-need"]').click();
      await page.locator('[data-need-title]').getByText(title).waitFor(WAIT);
      // Two weeks of the one shift.
      expect(await page.locator('[data-shift-id]').count()).toBe(2);
      await page.getByText('● 报名实时更新中').waitFor(WAIT);

      const needId = new URL(page.url()).searchParams.get('id')!;
      const need = await request(app.api.url).get(`/api/v1/needs/${needId}`).set(bearer(staff)).expect(200);
      const volunteer = await aVolunteer(app.api);
      await request(app.api.url).post(`/api/v1/needs/${needId}/shifts/${need.body.shifts[0].id}/enrollments`).set(bearer(volunteer)).send({}).expect(201);

      await page.locator(`[data-shift-id="${need.body.shifts[0].id}"] [data-enrolled]`).getByText('已报名 1/4').waitFor(WAIT);
      await page.locator('[data-arrival]').getByText(/新增 1 人报名/).waitFor(WAIT);
      await screenshot(page, 'staff-02-live-sign-up');

      // The rotating check-in QR code for that shift.
      await page.locator(`[data-shift-id="${need.body.shifts[0].id}"] [data-action="show-code"]`).click();
      await page.locator('[data-check-in-code]').waitFor(WAIT);
      const code = await page.locator('[data-check-in-code]').getAttribute('data-check-in-code');
      expect(code).toMatch(/^\d+\.[A-Za-z0-9_-]{16,64}$/);
      await screenshot(page, 'staff-03-check-in-code');
      expect(errors).toEqual([]);
    } finally {
      await context.close();
    }
  });
});
