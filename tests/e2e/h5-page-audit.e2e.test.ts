import { readFileSync } from 'node:fs';
import type { BrowserContext, Page } from 'playwright-core';
import request from 'supertest';
import { aSignedUpShift, serve } from '../fixtures/attendance';
import { COMMUNITY } from '../fixtures/needs';
import { aCommunityStaff, aUser, bearer, type TestUser } from '../fixtures/users';
import { aCharity, aLiveCampaign } from '../integration/campaigns/campaign-fixtures';
import { mobileContext, screenshot, signIn, watchErrors } from './support/browser';
import { useH5App, WAIT } from './support/h5-app';
import { auditPage } from './support/page-audit';

/**
 * The built H5 pages of each audience at 375×812, checked on screen once their data has loaded:
 * text contrast ≥ 4.5:1, touch targets ≥ 44 CSS px, a label on every input (support/page-audit).
 * Also a volunteer's certificate of service: issued, downloaded as a PDF, its check link copied.
 */
const app = useH5App();

/** Opens `path` and waits until no list or card is still loading. */
async function openSettled(page: Page, path: string): Promise<void> {
  await page.goto(`${app.api.url}${path}`);
  await page.locator('.taro_page, .ui-page').first().waitFor(WAIT);
  await page.waitForLoadState('networkidle', WAIT).catch(() => undefined);
  await page.waitForFunction('document.querySelectorAll(\'[data-state="loading"]\').length === 0', undefined, WAIT);
}

/** Audits each page in turn for one signed-in user; returns every problem found, page by page. */
async function auditAs(user: TestUser | null, pages: Array<[name: string, path: string]>): Promise<string[]> {
  const context: BrowserContext = await mobileContext(app.browser);
  if (user) await signIn(context, user.token);
  const page = await context.newPage();
  const errors = watchErrors(page);
  const problems: string[] = [];
  try {
    for (const [name, path] of pages) {
      await openSettled(page, path);
      problems.push(...await auditPage(page, name));
      await screenshot(page, `audit-${name}`);
    }
    expect(errors).toEqual([]);
  } finally {
    await context.close();
  }
  return problems;
}

describe('H5 pages: contrast, touch targets and labels', () => {
  it('sign-in page', async () => {
    expect(await auditAs(null, [['login', '/pages/login/index']])).toEqual([]);
  });

  it('a volunteer\'s pages, with a served shift and a campaign to look at', async () => {
    const staff = await aCommunityStaff(app.api, COMMUNITY);
    const shift = await aSignedUpShift(app.api, staff, { title: '页面检查用的需求' });
    const world = await aCharity(app.api);
    const campaignId = await aLiveCampaign(app.api, world, { title: '页面检查用的募捐' });
    expect(await auditAs(shift.volunteer, [
      ['needs-square', '/pages/index/index'],
      ['need', `/pages/need/index?id=${shift.needId}`],
      ['me', '/pages/me/index'],
      ['profile', '/pages/profile/index'],
      ['schedule', '/pages/schedule/index'],
      ['check-in', `/pages/check-in/index?enrollmentId=${shift.enrollmentId}`],
      ['hours', '/pages/hours/index'],
      ['notifications', '/pages/notifications/index'],
      ['invitations', '/pages/invitations/index'],
      ['campaigns', '/pages/campaigns/index'],
      ['campaign', `/pages/campaign/index?id=${campaignId}`],
      ['donations', '/pages/donations/index'],
      ['care-map', '/pages/care-map/index'],
      ['elder-new', '/pages/elder-new/index'],
      ['rural-projects', '/rural/pages/projects/index'],
      ['giving-receipts', '/giving/pages/receipts/index'],
      ['delivery-tasks', '/delivery/pages/tasks/index'],
    ])).toEqual([]);
  });

  it('community staff\'s pages', async () => {
    const staff = await aCommunityStaff(app.api, COMMUNITY);
    const shift = await aSignedUpShift(app.api, staff, { title: '工作台检查用的需求' });
    expect(await auditAs(staff, [
      ['staff-needs', '/staff/pages/needs/index'],
      ['staff-post-need', '/staff/pages/post-need/index'],
      ['staff-need', `/staff/pages/need/index?id=${shift.needId}`],
      ['staff-check-in-code', `/staff/pages/check-in-code/index?needId=${shift.needId}&shiftId=${shift.shiftId}`],
      ['staff-candidates', `/staff/pages/candidates/index?needId=${shift.needId}&shiftId=${shift.shiftId}`],
      ['staff-verify', '/staff/pages/verify/index'],
    ])).toEqual([]);
  });

  it('an organizer\'s pages and the civil-affairs dashboard', async () => {
    const world = await aCharity(app.api);
    const campaignId = await aLiveCampaign(app.api, world, { title: '组织者页面检查' });
    expect(await auditAs(world.orgAdmin, [
      ['organizer-campaigns', '/organizer/pages/campaigns/index'],
      ['organizer-create', '/organizer/pages/create/index'],
      ['organizer-dashboard', `/organizer/pages/dashboard/index?id=${campaignId}`],
      ['organizer-receipts', '/organizer/pages/receipts/index'],
    ])).toEqual([]);
    const cityAdmin = await aUser(app.api, ['city_admin']);
    expect(await auditAs(cityAdmin, [['admin-dashboard', '/admin/pages/dashboard/index']])).toEqual([]);
  });
});

describe('H5 certificate of service', () => {
  it('a volunteer with verified hours sees them with the star level, issues a certificate, downloads the PDF and copies its check link', async () => {
    const staff = await aCommunityStaff(app.api, COMMUNITY);
    const shift = await aSignedUpShift(app.api, staff, { title: '证明下载测试' });
    await serve(app.api, staff, shift, 60);
    const context = await mobileContext(app.browser);
    await context.grantPermissions(['clipboard-read', 'clipboard-write'], { origin: app.api.url });
    await signIn(context, shift.volunteer.token);
    const page = await context.newPage();
    const errors = watchErrors(page);
    try {
      await openSettled(page, '/pages/hours/index');
      // Hours and star level as the API counts them, with the way to the next star.
      const hours = (await request(app.api.url).get('/api/v1/me/hours').set(bearer(shift.volunteer)).expect(200)).body as { totalHours: number; stars: number; hoursToNextStar: number | null };
      expect(hours.totalHours).toBe(1);
      const summary = page.locator(`[data-total-hours="${hours.totalHours}"]`);
      await summary.locator(`[aria-label="${hours.stars} 星志愿者"]`).waitFor(WAIT);
      if (hours.hoursToNextStar !== null) await summary.getByText(`再服务 ${hours.hoursToNextStar} 小时升到 ${hours.stars + 1} 星`).waitFor(WAIT);
      const card = page.locator('[data-section="certificates"]');
      await card.getByText('还没有开具过证明').waitFor(WAIT);
      await card.getByText('开具证明（全部已核定时长）').click();
      const issued = card.locator('[data-certificate]');
      await issued.getByText('1 小时').waitFor(WAIT);
      const code = await issued.getAttribute('data-certificate');
      await screenshot(page, 'volunteer-06-certificate');

      const [download] = await Promise.all([page.waitForEvent('download', WAIT), issued.getByText('下载 PDF').click()]);
      expect(download.suggestedFilename()).toBe(`志愿服务记录证明-${code}.pdf`);
      const file = await download.path();
      expect(readFileSync(file).subarray(0, 5).toString()).toBe('%PDF-');

      await issued.getByText('复制验证链接').click();
      await page.waitForFunction('navigator.clipboard.readText().then((t) => t.length > 0)', undefined, WAIT);
      const copied = (await page.evaluate('navigator.clipboard.readText()')) as string;
      expect(copied).toContain(code);
      expect(errors).toEqual([]);
    } finally {
      await context.close();
    }
  });
});
