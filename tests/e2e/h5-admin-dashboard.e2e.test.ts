import request from 'supertest';
import type { Page } from 'playwright-core';
import { CITY_CODE, findRegion, rooms, shanghaiDayOf, type StatsMealPointList, type StatsOverview, type StatsUnfilledNeedList } from '@tongxin/shared';
import { aUser, aVolunteer, bearer, type TestUser } from '../fixtures/users';
import { aNeedBody, aShift, COMMUNITY } from '../fixtures/needs';
import { eventually } from '../helpers/eventually';
import { generateCity } from '../../scripts/city/city';
import { generateHistory } from '../../scripts/city/history';
import { generateMealHistory } from '../../scripts/city/meal-history';
import { mobileContext, screenshot, signIn, watchErrors } from './support/browser';
import { useH5App, WAIT } from './support/h5-app';

/** The civil-affairs dashboard (admin sub-package) in the H5 build: the city admin and a district admin. */

const app = useH5App();
const DAY_MS = 86_400_000;
const DISTRICT = COMMUNITY.slice(0, 6);
const OTHER_DISTRICT_COMMUNITY = '510105001001';

/** The page's default range: the 30 days ending yesterday (Shanghai). */
const range = () => ({ from: shanghaiDayOf(new Date(Date.now() - 30 * DAY_MS)), to: shanghaiDayOf(new Date(Date.now() - DAY_MS)) });

beforeAll(async () => {
  // A small generated city with ten days of history, the last three days rolled up.
  const db = app.api.runtime.infra.connection.db!;
  const now = new Date(Math.floor(Date.now() / DAY_MS) * DAY_MS);
  await generateCity(db, { seed: 11, volunteers: 400, now, volunteerAccounts: false, enrollmentsPerVolunteer: 1, batchSize: 1000, log: () => undefined });
  await generateHistory(db, { seed: 11, now, days: 10, donorsPerDay: 0.2, batchSize: 1000 });
  for (let d = 1; d <= 3; d++) await app.api.runtime.modules.stats.rollup.rollUp(shanghaiDayOf(new Date(Date.now() - d * DAY_MS)));
  await generateMealHistory(db, { seed: 11, today: shanghaiDayOf(new Date()), days: 31, ahead: 1, points: 30, batchSize: 1000 });
  await app.api.runtime.modules.stats.meals.rollUp();
}, 600_000);

async function overviewOf(user: TestUser, areaCode?: string): Promise<StatsOverview> {
  return (await request(app.api.url).get('/api/v1/stats/overview').query({ ...range(), ...(areaCode ? { areaCode } : {}) }).set(bearer(user)).expect(200)).body;
}

/** Waits until the page's socket has joined the area's live room (so a push cannot slip past it). */
async function watching(areaCode: string): Promise<void> {
  await eventually(async () => expect((await app.api.runtime.io.in(rooms.statsLive(areaCode)).fetchSockets()).length).toBeGreaterThan(0), 20_000, 200);
}

/** Community staff post a need there and a volunteer signs up for its shift (an `enrollment:created`). */
async function aSignUpIn(communityCode: string): Promise<void> {
  const staff = await aUser(app.api, ['community_staff'], { communityCode });
  const need = await request(app.api.url).post('/api/v1/needs').set(bearer(staff))
    .send(aNeedBody({ communityCode, shifts: [aShift(2 * 3_600_000, 5)] })).expect(201);
  await request(app.api.url).post(`/api/v1/needs/${need.body.id}/shifts/${need.body.shifts[0].id}/enrollments`)
    .set(bearer(await aVolunteer(app.api))).send({}).expect(201);
}

/** Signs the admin in and opens the dashboard the way they would: from "my" page's link. */
async function dashboardFromMe(admin: TestUser) {
  const context = await mobileContext(app.browser);
  await signIn(context, admin.token);
  const page = await context.newPage();
  const errors = watchErrors(page);
  await page.goto(`${app.api.url}/pages/me/index`);
  await page.locator('[data-link="adminDashboard"]').click();
  return { context, page, errors };
}

const tile = (page: Page, label: string) => page.locator(`[data-tile="${label}"]`);

describe('H5 civil-affairs dashboard', () => {
  it('the city admin opens it from "my" page: tiles from the roll-ups, the districts side by side, a drill-down, and today\'s sign-ups arriving live', async () => {
    const admin = await aUser(app.api, ['city_admin']);
    const city = await overviewOf(admin);
    expect(city.figures.registeredVolunteers).toBeGreaterThan(0);
    const { context, page, errors } = await dashboardFromMe(admin);
    try {
      await tile(page, '注册志愿者').getByText(city.figures.registeredVolunteers.toLocaleString('zh-CN'), { exact: true }).waitFor(WAIT);
      await tile(page, '发布需求').getByText(String(city.figures.needsPosted), { exact: true }).waitFor(WAIT);
      // One comparison row per division of the city.
      await page.locator(`[data-area="${DISTRICT}"]`).waitFor(WAIT);
      expect(await page.locator('[data-area]').count()).toBe(20);

      // The two lists, as the API answers them: meal points most used first, needs most short of volunteers.
      const meals = (await request(app.api.url).get('/api/v1/stats/meal-points').query(range()).set(bearer(admin)).expect(200)).body as StatsMealPointList;
      const unfilled = (await request(app.api.url).get('/api/v1/stats/unfilled-needs').set(bearer(admin)).expect(200)).body as StatsUnfilledNeedList;
      expect(meals.items.length).toBeGreaterThan(0);
      expect(unfilled.items.length).toBeGreaterThan(0);
      const first = page.locator(`[data-section="meal-points"] [data-point="${meals.items[0]!.pointId}"]`);
      await first.getByText(`${meals.items[0]!.booked}/${meals.items[0]!.capacity} 份`).waitFor(WAIT);
      expect(await page.locator('[data-section="meal-points"] [data-point]').count()).toBe(meals.items.length);
      await page.locator(`[data-section="unfilled"] [data-need="${unfilled.items[0]!.needId}"]`).getByText(`缺 ${unfilled.items[0]!.placesOpen} 人`).waitFor(WAIT);
      expect(await page.locator('[data-section="unfilled"] [data-need]').count()).toBe(unfilled.items.length);

      await watching(CITY_CODE);
      const before = city.today.counters.enrollments;
      await aSignUpIn(COMMUNITY);
      await page.locator('[data-live]').getByText(`报名 ${before + 1} 人次`).waitFor(WAIT);

      await screenshot(page, 'admin-01-city-dashboard');

      // Tapping a division drills down to its streets (a new page; the city's stays hidden behind it).
      await page.locator(`[data-area="${DISTRICT}"]`).click();
      await page.locator('.ui-title:visible').getByText(findRegion(DISTRICT)!.name).waitFor(WAIT);
      await page.locator(`[data-area^="${DISTRICT}0"]:visible`).first().waitFor(WAIT);
      const streets = await page.locator('[data-area]:visible').evaluateAll((rows) => rows.map((r) => r.getAttribute('data-area')!));
      expect(streets.length).toBeGreaterThan(0);
      expect(streets.every((code) => code.length === 9 && code.startsWith(DISTRICT))).toBe(true);
      expect(errors).toEqual([]);
    } finally {
      await context.close();
    }
  }, 300_000);

  it('a district admin sees only their district: its figures and streets, the city refused, and only their district\'s sign-ups counted live', async () => {
    const admin = await aUser(app.api, ['district_admin'], { districtCode: DISTRICT });
    const mine = await overviewOf(admin);
    expect(mine.areaCode).toBe(DISTRICT);
    const { context, page, errors } = await dashboardFromMe(admin);
    try {
      await page.locator('.ui-title').getByText(findRegion(DISTRICT)!.name).waitFor(WAIT);
      await tile(page, '注册志愿者').getByText(mine.figures.registeredVolunteers.toLocaleString('zh-CN'), { exact: true }).waitFor(WAIT);
      await page.locator('[data-area]').first().waitFor(WAIT);
      const areas = await page.locator('[data-area]').evaluateAll((rows) => rows.map((r) => r.getAttribute('data-area')!));
      expect(areas.every((code) => code.startsWith(DISTRICT))).toBe(true);

      // A sign-up in another district does not reach this room; one in theirs does.
      await watching(DISTRICT);
      const before = mine.today.counters.enrollments;
      await aSignUpIn(OTHER_DISTRICT_COMMUNITY);
      await aSignUpIn(COMMUNITY);
      await page.locator('[data-live]').getByText(`报名 ${before + 1} 人次`).waitFor(WAIT);
      expect((await overviewOf(admin)).today.counters.enrollments).toBe(before + 1);
      await screenshot(page, 'admin-02-district-dashboard');
      expect(errors).toEqual([]);

      // The city's dashboard is refused to them.
      const refused = await context.newPage();
      await refused.goto(`${app.api.url}/admin/pages/dashboard/index?areaCode=${CITY_CODE}`);
      await refused.locator('[data-state="error"]').waitFor(WAIT);
      expect(await refused.locator('[data-tile]').count()).toBe(0);
    } finally {
      await context.close();
    }
  }, 300_000);
});
