import request from 'supertest';
import { addMonths } from '../../../server/src/modules/campaigns/disclosure-rules';
import { eventually } from '../../helpers/eventually';
import { expectInvariants } from '../../helpers/invariants';
import { startTestApi, type TestApi } from '../../helpers/test-api';
import { aUser, bearer } from '../../fixtures/users';
import { aCharity, aLiveCampaign, type CharityWorld } from './campaign-fixtures';

// Disclosure (信息公开): progress and spending reports while a campaign runs, a full report after it
// ends, the legal cadence tracked on the campaign, reminders to the organizer and the overdue list.

jest.setTimeout(90_000);

const DAY = 86_400_000;
let api: TestApi;
let world: CharityWorld;

beforeAll(async () => {
  api = await startTestApi();
  world = await aCharity(api);
});
afterAll(() => api.stop());

const campaignOf = async (id: string) => (await request(api.url).get(`/api/v1/campaigns/${id}`).set(bearer(world.orgAdmin)).expect(200)).body;
const disclose = (token: { token: string; id: string }, id: string, body: object) =>
  request(api.url).post(`/api/v1/campaigns/${id}/disclosures`).set(bearer(token)).send(body);
const progress = { kind: 'progress', title: '第一季度项目进展', body: '已为 120 位老人送去冬衣和取暖用品。', spendingLines: [{ item: '冬衣', amountFen: 360_000 }] };
// Calendar months, the 31st falling back to a shorter month's last day (unit-tested in disclosure-rules).
const monthsAfter = (iso: string, months: number) => addMonths(new Date(iso), months).getTime();

describe('POST|GET /api/v1/campaigns/:id/disclosures', () => {
  it('when a campaign of 8 months goes live, then a progress report is due in 3 months, and each report moves the deadline', async () => {
    const id = await aLiveCampaign(api, world, { endsAt: new Date(Date.now() + 240 * DAY).toISOString() });
    const live = await campaignOf(id);
    expect(live.disclosure).toMatchObject({ dueKind: 'periodic', overdue: false });
    expect(Date.parse(live.disclosure.dueAt)).toBe(monthsAfter(live.startsAt, 3));

    const donor = await aUser(api, ['donor']);
    expect((await disclose(donor, id, progress)).status).toBe(403);
    expect((await disclose(world.orgAdmin, id, { ...progress, kind: 'final' })).status).toBe(409);
    expect((await disclose(world.orgAdmin, id, { ...progress, title: '短' })).body.errors[0].path).toBe('title');
    const published = (await disclose(world.orgAdmin, id, progress).expect(201)).body;
    expect(published).toMatchObject({ kind: 'progress', spentFen: 360_000, campaignId: id });
    expect(Date.parse((await campaignOf(id)).disclosure.dueAt)).toBe(monthsAfter(published.publishedAt, 3));
    const seen = (await request(api.url).get(`/api/v1/campaigns/${id}/disclosures`).set(bearer(donor)).expect(200)).body.items;
    expect(seen).toEqual([published]);
  });

  it('when a short campaign ends, then the full report is due within 3 months of the end, and publishing it clears the deadline', async () => {
    const id = await aLiveCampaign(api, world);
    expect((await campaignOf(id)).disclosure).toEqual({ dueAt: null, dueKind: null, overdue: false });
    const ended = (await request(api.url).post(`/api/v1/campaigns/${id}/transitions`).set(bearer(world.orgAdmin)).send({ to: 'ended' }).expect(200)).body;
    const endedAt = ended.audit.at(-1).at;
    expect(ended.disclosure).toMatchObject({ dueKind: 'final', overdue: false });
    expect(Date.parse(ended.disclosure.dueAt)).toBe(monthsAfter(endedAt, 3));
    await disclose(world.orgAdmin, id, { ...progress, kind: 'final', title: '项目结项报告' }).expect(201);
    expect((await campaignOf(id)).disclosure).toEqual({ dueAt: null, dueKind: null, overdue: false });
  });
});

describe('overdue disclosures', () => {
  it('when a long campaign that started 4 months ago has published nothing, then the organizer is reminded, it is flagged and listed for civil-affairs admins until it reports', async () => {
    const startsAt = new Date(Date.now() - 120 * DAY);
    const id = await aLiveCampaign(api, world, {
      startsAt: startsAt.toISOString(), endsAt: new Date(Date.now() + 120 * DAY).toISOString(),
      filing: { number: '53510000MJ0000000X2025', filedAt: new Date(startsAt.getTime() - 20 * DAY).toISOString() },
    });
    expect((await campaignOf(id)).disclosure).toMatchObject({ dueKind: 'periodic', overdue: true });

    const reminder = await eventually(async () => {
      const items = (await request(api.url).get('/api/v1/me/notifications').set(bearer(world.orgAdmin)).expect(200)).body.items
        .filter((n: { kind: string; data: { campaignId: string } }) => n.kind === 'disclosure-due' && n.data.campaignId === id);
      expect(items).toHaveLength(1);
      return items[0];
    }, 15_000, 200);
    expect(reminder.body).toContain('进展公示');
    const audit = await eventually(async () => {
      const entries = (await request(api.url).get('/api/v1/audit').query({ action: 'campaign:disclosure-overdue', subjectId: id })
        .set(bearer(world.cityAdmin)).expect(200)).body.items;
      expect(entries).toHaveLength(1);
      return entries[0];
    }, 15_000, 200);
    expect(audit.after).toMatchObject({ dueKind: 'periodic' });

    const listed = (await request(api.url).get('/api/v1/campaigns').query({ disclosure: 'overdue' }).set(bearer(world.cityAdmin)).expect(200)).body.items;
    expect(listed.map((c: { id: string }) => c.id)).toContain(id);
    expect((await request(api.url).get('/api/v1/campaigns').query({ disclosure: 'overdue' }).set(bearer(world.orgAdmin))).status).toBe(403);
    expect((await request(api.url).get('/api/v1/campaigns').query({ disclosure: 'late' }).set(bearer(world.cityAdmin))).status).toBe(400);
    const overdue = await api.runtime.modules.campaigns.listOverdueDisclosures();
    expect(overdue.find((o) => o.campaignId === id)).toMatchObject({ dueKind: 'periodic', status: 'live', organizationId: world.organizationId });
    expect(overdue.find((o) => o.campaignId === id)!.overdueDays).toBeGreaterThanOrEqual(25);

    await disclose(world.orgAdmin, id, progress).expect(201);
    expect((await campaignOf(id)).disclosure.overdue).toBe(false);
    expect((await api.runtime.modules.campaigns.listOverdueDisclosures()).map((o) => o.campaignId)).not.toContain(id);
    await expectInvariants(api);
  });
});
