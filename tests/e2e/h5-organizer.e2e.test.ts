import { randomUUID } from 'node:crypto';
import request from 'supertest';
import { shanghaiDayOf } from '@tongxin/shared';
import { aUser, bearer } from '../fixtures/users';
import { aCharity, aLiveCampaign } from '../integration/campaigns/campaign-fixtures';
import { mobileContext, screenshot, signIn, watchErrors } from './support/browser';
import { useH5App, WAIT } from './support/h5-app';

/** The organizer's sub-package in the H5 build: drafting a campaign and submitting it; the live dashboard; a refund; a disclosure. */

const app = useH5App();

async function aPaidDonation(campaignId: string, amountFen: number): Promise<string> {
  const donor = await aUser(app.api, ['donor']);
  const created = await request(app.api.url).post(`/api/v1/campaigns/${campaignId}/donations`).set(bearer(donor))
    .set('idempotency-key', randomUUID()).send({ amountFen, message: '加油' }).expect(201);
  await request(app.api.url).post(`/api/v1/payments/sandbox/${created.body.id}/pay`).set(bearer(donor)).send().expect(200);
  return created.body.id as string;
}

describe('H5 organizer', () => {
  it('an organization admin drafts a campaign and submits it for review', async () => {
    const world = await aCharity(app.api);
    const context = await mobileContext(app.browser);
    await signIn(context, world.orgAdmin.token);
    const page = await context.newPage();
    const errors = watchErrors(page);
    try {
      await page.goto(`${app.api.url}/pages/me/index`);
      await page.locator('[data-link="organizerCampaigns"]').click();
      await page.locator('[data-action="new-campaign"]').click();
      await page.locator('input[name="title"]').fill('为社区儿童建图书角');
      await page.locator('[data-chips="category"] [data-code="children"]').click();
      await page.locator('input[name="goal"]').fill('50');
      await page.locator('[data-action="create-campaign"]').click();
      // Inline errors from the shared schema before anything is sent.
      await page.locator('[data-error-for="goal"]').getByText('目标金额至少 100 元').waitFor(WAIT);
      await page.locator('[data-error-for="beneficiary"]').getByText('请描述受益对象').waitFor(WAIT);
      await page.locator('input[name="goal"]').fill('20000');
      await page.locator('input[name="beneficiary"]').fill('幸福北社区 60 名儿童');
      // Review needs the plan filed at least 10 days before the start (the form starts in 11 days).
      await page.locator('input[name="filingNumber"]').fill('53510000MJ0000000X2026');
      await page.locator('input[name="filedOn"]').fill(shanghaiDayOf(new Date()));
      await screenshot(page, 'organizer-01-create');
      await page.locator('[data-action="create-campaign"]').click();
      await page.locator('[data-status="draft"]').waitFor(WAIT);
      await page.locator('[data-action="transition"]').getByText('提交审核').click();
      await page.locator('[data-status="review"]').waitFor(WAIT);
      const id = new URL(page.url()).searchParams.get('id')!;
      const stored = await request(app.api.url).get(`/api/v1/campaigns/${id}`).set(bearer(world.orgAdmin)).expect(200);
      expect(stored.body).toMatchObject({ title: '为社区儿童建图书角', status: 'review', goalFen: 2_000_000, category: 'children' });
      expect(errors).toEqual([]);
    } finally {
      await context.close();
    }
  });

  it('the dashboard follows gifts live (tally, donors per minute, matching pool left), refunds one and publishes a spending disclosure', async () => {
    const world = await aCharity(app.api);
    const campaignId = await aLiveCampaign(app.api, world, { title: '为独居老人送冬衣看板测试' });
    await request(app.api.url).post(`/api/v1/campaigns/${campaignId}/matching-pool`).set(bearer(world.orgAdmin))
      .send({ sponsorName: '同心企业', ratioPercent: 100, capFen: 100_000, perDonorDailyCapFen: 50_000 }).expect((res) => expect(res.status).toBeLessThan(300));
    const context = await mobileContext(app.browser);
    await signIn(context, world.orgAdmin.token);
    const page = await context.newPage();
    const errors = watchErrors(page);
    try {
      await page.goto(`${app.api.url}/organizer/pages/dashboard/index?id=${campaignId}`);
      await page.getByText('● 实时').waitFor(WAIT);
      await page.locator('[data-stat="pool"]').getByText('¥1,000.00').waitFor(WAIT);
      let navigations = 0;
      page.on('framenavigated', () => (navigations += 1));

      const donationId = await aPaidDonation(campaignId, 5_000);
      await aPaidDonation(campaignId, 3_000);
      await page.locator('[data-stat="raised"]').getByText('¥80.00').waitFor(WAIT);
      await page.locator('[data-stat="donors"]').getByText('2 人').waitFor(WAIT);
      await page.locator('[data-stat="pool"]').getByText('¥920.00').waitFor(WAIT);
      await page.locator('[data-feed-item]').first().getByText(/加油/).waitFor(WAIT);
      // The rate needs ten seconds of watching before it shows.
      await page.locator('[data-stat="rate"]').getByText(/人\/分钟/).waitFor({ timeout: 30_000 });
      expect(navigations).toBe(0);
      await screenshot(page, 'organizer-02-dashboard');

      await page.locator('input[name="donationId"]').fill(donationId);
      await page.locator('input[name="refundAmount"]').fill('10');
      await page.locator('input[name="refundReason"]').fill('捐赠人申请部分退款');
      await page.locator('[data-action="refund"]').click();
      await page.locator('[data-refunded]').getByText(/已退款 ¥10.00/).waitFor(WAIT);
      await page.locator('[data-stat="raised"]').getByText('¥70.00').waitFor(WAIT);
      await screenshot(page, 'organizer-03-refund');
      const donation = await request(app.api.url).get(`/api/v1/donations/${donationId}`).set(bearer(world.orgAdmin)).expect(200);
      expect(donation.body.refundedFen).toBe(1_000);

      // A spending disclosure with one line; it is listed once published.
      await page.locator('[data-chips="disclosure-kind"] [data-code="spending"]').click();
      await page.locator('input[name="disclosureTitle"]').fill('第一批冬衣采购');
      await page.locator('textarea[name="disclosureBody"]').fill('已为幸福北社区独居老人采购冬衣，发票已存档备查。');
      await page.locator('[data-action="add-spending-line"]').click();
      await page.locator('input[name="line-0-item"]').fill('冬衣');
      await page.locator('input[name="line-0-amount"]').fill('60');
      await page.locator('[data-action="publish-disclosure"]').click();
      await page.locator('[data-disclosure]').getByText('善款使用公示：第一批冬衣采购').waitFor(WAIT);
      await page.locator('[data-disclosure]').getByText(/支出 ¥60.00/).waitFor(WAIT);
      await screenshot(page, 'organizer-04-disclosure');
      const published = await request(app.api.url).get(`/api/v1/campaigns/${campaignId}/disclosures`).set(bearer(world.orgAdmin)).expect(200);
      expect(published.body.items).toEqual([expect.objectContaining({ kind: 'spending', title: '第一批冬衣采购', spentFen: 6_000 })]);
      expect(errors).toEqual([]);
    } finally {
      await context.close();
    }
  });

  it('the organizer works through receipt requests: masked payers, the whole payer on request (audited), one issued and one declined', async () => {
    const world = await aCharity(app.api);
    const campaignId = await aLiveCampaign(app.api, world, { title: '票据申请页测试项目' });
    const donor = await aUser(app.api, ['donor']);
    const pay = async (amountFen: number) => {
      const created = await request(app.api.url).post(`/api/v1/campaigns/${campaignId}/donations`).set(bearer(donor))
        .set('idempotency-key', randomUUID()).send({ amountFen }).expect(201);
      await request(app.api.url).post(`/api/v1/payments/sandbox/${created.body.id}/pay`).set(bearer(donor)).send().expect(200);
      return created.body.id as string;
    };
    const ask = async (donationId: string, name: string) => (await request(app.api.url).post('/api/v1/me/receipt-requests').set(bearer(donor))
      .send({ donationIds: [donationId], payer: { kind: 'person', name } }).expect(201)).body.id as string;
    const toIssue = await ask(await pay(6_600), '欧阳明月');
    const toDecline = await ask(await pay(1_200), '李四光');
    const context = await mobileContext(app.browser);
    await signIn(context, world.orgAdmin.token);
    const page = await context.newPage();
    const errors = watchErrors(page);
    try {
      await page.goto(`${app.api.url}/organizer/pages/campaigns/index`);
      await page.locator('[data-action="receipt-requests"]').click();
      const issueCard = page.locator(`[data-receipt-request="${toIssue}"]`);
      await issueCard.locator('[data-payer]').getByText('付款人：欧*（个人）').waitFor(WAIT);
      await issueCard.getByText('票据金额 ¥66.00').waitFor(WAIT);
      await screenshot(page, 'organizer-05-receipt-requests');
      await issueCard.locator('[data-action="reveal-payer"]').click();
      await issueCard.locator('[data-payer]').getByText('付款人：欧阳明月（个人）').waitFor(WAIT);

      await issueCard.locator('[data-action="issue"]').click();
      await issueCard.locator('input[name="receiptNumber"]').fill('PJ-E2E-0001');
      await issueCard.locator('[data-action="confirm"]').click();
      await issueCard.waitFor({ state: 'detached', ...WAIT });

      const declineCard = page.locator(`[data-receipt-request="${toDecline}"]`);
      await declineCard.locator('[data-action="decline"]').click();
      await declineCard.locator('[data-action="confirm"]').click();
      await declineCard.locator('[data-error-for="declineReason"]').getByText('请填写退回原因').waitFor(WAIT);
      await declineCard.locator('input[name="declineReason"]').fill('付款人姓名与支付账户不符');
      await declineCard.locator('[data-action="confirm"]').click();
      await declineCard.waitFor({ state: 'detached', ...WAIT });
      await page.getByText('没有待开具的票据申请').waitFor(WAIT);

      await page.locator('[data-tab="issued"]').click();
      await page.locator(`[data-receipt-request="${toIssue}"] [data-receipt-number]`).getByText(/PJ-E2E-0001/).waitFor(WAIT);
      await page.locator('[data-tab="declined"]').click();
      await page.locator(`[data-receipt-request="${toDecline}"] [data-decline-reason]`).getByText(/付款人姓名与支付账户不符/).waitFor(WAIT);
      await screenshot(page, 'organizer-06-receipt-declined');

      const audits = await app.api.runtime.infra.connection.collection('audit_entries').find({ action: 'receipt-request:view-payer', subjectId: toIssue }).toArray();
      expect(audits).toHaveLength(1);
      const mine = (await request(app.api.url).get('/api/v1/me/receipt-requests').set(bearer(donor)).expect(200)).body.items as Array<{ id: string; status: string }>;
      expect(mine.map((r) => [r.id, r.status]).sort()).toEqual([[toDecline, 'declined'], [toIssue, 'issued']].sort());
      expect(errors).toEqual([]);
    } finally {
      await context.close();
    }
  });
});
