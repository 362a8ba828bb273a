import request from 'supertest';
import { regionTree } from '@tongxin/shared';
import { aNeedBody } from '../fixtures/needs';
import { aUser, bearer } from '../fixtures/users';
import { aCharity, aLiveCampaign } from '../integration/campaigns/campaign-fixtures';
import { mobileContext, screenshot, signIn, watchErrors } from './support/browser';
import { useH5App, WAIT } from './support/h5-app';

/**
 * 乡村振兴 in the H5 build against the real API: a donor goes from 公益项目 to the rural projects,
 * filters by county and category, switches to the map, opens a project from its pin and finds its
 * volunteer need, its campaign and its progress report. Screenshots go to .run/screenshots/.
 */
const VILLAGE = regionTree().find((r) => r.level === 'community' && r.code.startsWith('510121') && r.name.endsWith('村'))!;

const app = useH5App();

describe('H5 rural projects', () => {
  it('a donor finds a county\'s project by category, on the list and on the map, and sees its need, campaign and progress', async () => {
    const charity = await aCharity(app.api);
    const title = `${VILLAGE.name}茶叶电商助农${Date.now() % 10_000}`;
    const project = (await request(app.api.url).post('/api/v1/rural-projects').set(bearer(charity.orgAdmin)).send({
      title, category: 'ecommerce', description: '培训村民直播带货，帮销高山茶叶。', regionCode: VILLAGE.code, organizationId: charity.organizationId,
    }).expect(201)).body as { id: string };
    await request(app.api.url).post('/api/v1/rural-projects').set(bearer(charity.orgAdmin)).send({
      title: '另一个县的义诊项目', category: 'medical', description: '组织医生到村卫生室开展义诊。', regionCode: '510129001001', organizationId: charity.organizationId,
    }).expect(201);
    await request(app.api.url).post(`/api/v1/rural-projects/${project.id}/progress`).set(bearer(charity.orgAdmin))
      .send({ date: '2026-11-01', text: '完成第一期直播培训', figures: [{ label: '帮销茶叶', value: 1200, unit: '斤' }] }).expect(201);
    await request(app.api.url).post('/api/v1/needs').set(bearer(charity.orgAdmin))
      .send(aNeedBody({ title: '直播带货志愿者', category: 'rural_revitalization', requiredSkills: [], communityCode: VILLAGE.code, ruralProjectId: project.id })).expect(201);
    await aLiveCampaign(app.api, charity, { title: '高山茶叶冷链仓建设', category: 'rural_revitalization', ruralProjectId: project.id });
    const donor = await aUser(app.api, ['donor']);

    const context = await mobileContext(app.browser);
    await signIn(context, donor.token);
    const page = await context.newPage();
    const errors = watchErrors(page);
    try {
      await page.goto(`${app.api.url}/pages/campaigns/index`);
      await page.locator('[data-link="rural-projects"]').click();
      await page.locator('[data-filter="district"] [data-code="510121"]').click();
      await page.locator('[data-filter="category"] [data-code="ecommerce"]').click();
      const card = page.locator(`[data-rural-project-id="${project.id}"]`);
      await card.getByText(title).waitFor(WAIT);
      await page.getByText('另一个县的义诊项目').waitFor({ state: 'detached', timeout: 20_000 });
      await screenshot(page, 'rural-01-list');

      // The map keeps the filters: this project's pin, not the other county's medical project.
      await page.locator('[data-filter="view"] [data-code="map"]').click();
      const pin = page.locator(`[data-pin="${project.id}"]`);
      await pin.waitFor(WAIT);
      expect(await pin.getAttribute('aria-label')).toBe(`1 乡村振兴项目 ${title}`);
      expect(await page.locator('[data-rural-map] [data-pin]').count()).toBe(1);
      await page.locator('[data-care-map][aria-label="地图上的 1 个乡村振兴项目"]').waitFor(WAIT);
      await page.locator('[data-filter="category"] [data-code="medical"]').click();
      await page.getByText('没有符合条件的项目').waitFor(WAIT);
      await page.locator('[data-filter="category"] [data-code="ecommerce"]').click();
      await pin.waitFor(WAIT);
      await screenshot(page, 'rural-02-map');

      await pin.click();
      await page.locator('[data-rural-project-detail]').getByText(title).waitFor(WAIT);
      await page.locator('[data-section="needs"]').getByText('直播带货志愿者').waitFor(WAIT);
      await page.locator('[data-section="campaigns"]').getByText('高山茶叶冷链仓建设').waitFor(WAIT);
      await page.locator('[data-section="progress"]').getByText('帮销茶叶：1,200 斤').waitFor(WAIT);
      await screenshot(page, 'rural-03-project');
      expect(errors).toEqual([]);
    } finally {
      await context.close();
    }
  });
});
