import request from 'supertest';
import { COMMUNITY } from '../fixtures/needs';
import { aVolunteer, bearer } from '../fixtures/users';
import { mobileContext, screenshot, signIn, watchErrors } from './support/browser';
import { useH5App, WAIT } from './support/h5-app';

/**
 * 登记老人 in the H5 build against the real API: a family member records an elder with consent and
 * a delivery address; the elder then appears among those they may book for, and the address is
 * never shown back to them.
 */

const app = useH5App();

describe('H5 elder registration', () => {
  it('a family member registers an elder with consent; the elder is linked to them and the address stays private', async () => {
    const relative = await aVolunteer(app.api);
    const context = await mobileContext(app.browser);
    await signIn(context, relative.token);
    const page = await context.newPage();
    const errors = watchErrors(page);
    try {
      await page.goto(`${app.api.url}/pages/elder-new/index`);
      await page.locator('[data-action="register-elder"]').waitFor(WAIT);
      // Sending an empty form shows what is missing, inline.
      await page.locator('[data-action="register-elder"]').click();
      await page.locator('[data-error-for="consent"]').getByText('须经老人本人或监护人同意').waitFor(WAIT);

      await page.getByLabel('老人姓名').fill('王秀英');
      await page.locator('[data-age-band="80+"]').click();
      await page.locator('[data-status="dibao"]').click();
      await page.locator(`[data-region="${COMMUNITY.slice(0, 6)}"]`).click();
      await page.locator(`[data-region="${COMMUNITY.slice(0, 9)}"]`).click();
      await page.locator(`[data-region="${COMMUNITY}"]`).click();
      await page.locator('[data-picked-community]').waitFor(WAIT);
      await page.locator('[data-error-for="communityCode"]').getByText('请选择老人所在社区').waitFor({ state: 'detached', ...WAIT });
      await page.getByLabel('送餐地址').fill('锦江区某小区 3 栋 2 单元 501');
      await page.locator('[data-consent="guardian"]').click();
      await screenshot(page, 'elder-01-form');
      await page.locator('[data-action="register-elder"]').click();
      await page.getByText('已登记 王**').waitFor(WAIT);
      await screenshot(page, 'elder-02-registered');

      const mine = (await request(app.api.url).get('/api/v1/me/elders').set(bearer(relative)).expect(200)).body.items;
      expect(mine).toEqual([expect.objectContaining({
        maskedName: '王**', ageBand: '80+', subsidyStatuses: ['dibao'], communityCode: COMMUNITY, hasDeliveryAddress: true,
      })]);
      expect(JSON.stringify(mine)).not.toContain('锦江区某小区');
      expect(errors).toEqual([]);
    } finally {
      await context.close();
    }
  });
});
