import { randomUUID } from 'node:crypto';
import request from 'supertest';
import { aUser, bearer, type TestUser } from '../fixtures/users';
import { aCharity, aLiveCampaign } from '../integration/campaigns/campaign-fixtures';
import { mobileContext, screenshot, signIn, watchErrors } from './support/browser';
import { useH5App, WAIT } from './support/h5-app';

/**
 * Donor journeys beyond the first gift, in the H5 build against the real API at 375×812: asking for
 * a donation receipt (捐赠票据) and seeing it issued, and giving as a team (一起捐).
 * Screenshots go to .run/screenshots/.
 */
const app = useH5App();

async function paidDonation(donor: TestUser, campaignId: string, amountFen: number): Promise<string> {
  const created = await request(app.api.url).post(`/api/v1/campaigns/${campaignId}/donations`).set(bearer(donor))
    .set('idempotency-key', randomUUID()).send({ amountFen }).expect(201);
  await request(app.api.url).post(`/api/v1/payments/sandbox/${created.body.id}/pay`).set(bearer(donor)).send().expect(200);
  return created.body.id;
}

describe('H5 giving', () => {
  it('a donor picks a paid donation, asks for a receipt in a person\'s name, and sees it issued by the organization', async () => {
    const world = await aCharity(app.api, { name: '成都市同心浏览器票据基金会' });
    const campaignId = await aLiveCampaign(app.api, world, { title: '助学计划票据浏览器测试' });
    const donor = await aUser(app.api, ['donor']);
    const donationId = await paidDonation(donor, campaignId, 6600);
    const context = await mobileContext(app.browser);
    await signIn(context, donor.token);
    const page = await context.newPage();
    const errors = watchErrors(page);
    try {
      await page.goto(`${app.api.url}/pages/donations/index`);
      await page.locator('[data-action="open-receipts"]').click();
      // The campaign's title arrives with its own request.
      await page.locator(`[data-pick="${donationId}"]`, { hasText: '助学计划票据浏览器测试' }).waitFor(WAIT);
      await page.locator(`[data-pick="${donationId}"]`).click();
      await page.locator('input[name="payerName"]').fill('王小明');
      await screenshot(page, 'giving-01-receipt-form');
      await page.locator('[data-action="request-receipt"]').click();
      const card = page.locator('[data-receipt-request][data-status="requested"]');
      await card.waitFor(WAIT);
      expect(await card.textContent()).toContain('付款人：王小明');
      expect(await card.textContent()).toContain('¥66.00');
      // The donation left the list of those that can still be requested.
      await page.getByText('暂无可申请票据的捐赠').waitFor(WAIT);
      await screenshot(page, 'giving-02-receipt-requested');

      const requestId = await card.getAttribute('data-receipt-request');
      await request(app.api.url).post(`/api/v1/receipt-requests/${requestId}/issue`).set(bearer(world.orgAdmin)).send({ receiptNumber: 'PJ-E2E-0001' }).expect(200);
      await page.reload();
      await page.locator('[data-receipt-request][data-status="issued"] [data-receipt-number]').waitFor(WAIT);
      expect(await page.locator('[data-receipt-number]').textContent()).toContain('PJ-E2E-0001');
      await screenshot(page, 'giving-03-receipt-issued');

      await page.goto(`${app.api.url}/pages/donations/index`);
      await page.locator('[data-receipt-requested]').waitFor(WAIT);
      expect(errors).toEqual([]);
    } finally {
      await context.close();
    }
  });

  it('a donor starts a team from the campaign, gives for it, and a friend joins and sees the progress and the board', async () => {
    const world = await aCharity(app.api);
    const campaignId = await aLiveCampaign(app.api, world, { title: '一起捐浏览器测试' });
    const captainContext = await mobileContext(app.browser);
    const friendContext = await mobileContext(app.browser);
    await signIn(captainContext, (await aUser(app.api, ['donor'])).token);
    await signIn(friendContext, (await aUser(app.api, ['donor'])).token);
    const captain = await captainContext.newPage();
    const friend = await friendContext.newPage();
    const errors = [...watchErrors(captain), ...watchErrors(friend)];
    try {
      await captain.goto(`${app.api.url}/pages/campaign/index?id=${campaignId}`);
      await captain.locator('[data-action="open-teams"]').click();
      await captain.getByText('还没有队伍').waitFor(WAIT);
      await captain.locator('input[name="teamName"]').fill('春熙路爱心队');
      await captain.locator('input[name="teamGoal"]').fill('500');
      await captain.locator('[data-action="create-team"]').click();
      await captain.locator('[data-team-name]', { hasText: '春熙路爱心队' }).waitFor(WAIT);
      await captain.getByText('1 位队员 · 你已加入').waitFor(WAIT);
      const teamId = await captain.locator('[data-team-page]').getAttribute('data-team-page');

      await captain.locator('[data-section="team-donate"] [data-action="donate"]').click();
      await captain.locator('[data-donated]').waitFor(WAIT);
      await captain.getByText('已筹 ¥50.00 / 目标 ¥500.00（10%）').waitFor(WAIT);
      await captain.locator('[data-team-donor]').first().waitFor(WAIT);
      await screenshot(captain, 'giving-04-team-after-gift');

      await friend.goto(`${app.api.url}/giving/pages/team/index?id=${teamId}`);
      await friend.locator('[data-action="join-team"]').click();
      await friend.getByText('2 位队员 · 你已加入').waitFor(WAIT);
      expect(await friend.locator('[data-team-donor]').count()).toBe(1);
      await screenshot(friend, 'giving-05-team-joined');

      await friend.goto(`${app.api.url}/giving/pages/teams/index?campaignId=${campaignId}`);
      await friend.locator(`[data-team="${teamId}"]`, { hasText: '¥50.00' }).waitFor(WAIT);
      expect(errors).toEqual([]);
    } finally {
      await captainContext.close();
      await friendContext.close();
    }
  });
});
