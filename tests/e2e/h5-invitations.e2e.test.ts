import request from 'supertest';
import { findRegion } from '@tongxin/shared';
import { aNeedBody, COMMUNITY } from '../fixtures/needs';
import { aCommunityStaff, aVolunteer, bearer } from '../fixtures/users';
import { mobileContext, screenshot, signIn, watchErrors } from './support/browser';
import { useH5App, WAIT } from './support/h5-app';

/**
 * Matching in the H5 build against the real API: staff see the ranked candidates of a shift with
 * their reasons, invite them, and watch the invited volunteer's acceptance arrive as a sign-up;
 * the volunteer sees the shift recommended on the home page and accepts the invitation.
 */
const DAY = 86_400_000;
const HOUR = 3_600_000;
const [centreLat, centreLng] = findRegion(COMMUNITY)!.centre;
/** 10:00 Shanghai, in four days: inside the default profile's availability. */
const START = Math.floor(Date.now() / DAY) * DAY + 4 * DAY + 2 * HOUR;
const homeAt = (km: number) => ({ lat: Number((centreLat + km / 111.32).toFixed(5)), lng: centreLng });

const app = useH5App();

describe('H5 candidates and invitations', () => {
  it('staff see ranked candidates with reasons and invite them; the nearest volunteer, who has it recommended, accepts and the sign-up arrives live', async () => {
    const staff = await aCommunityStaff(app.api, COMMUNITY);
    const near = await aVolunteer(app.api, { profile: { homeLocation: homeAt(0.3) } });
    await aVolunteer(app.api, { profile: { homeLocation: homeAt(1.6) } });
    const title = `敬老院陪伴${Date.now() % 100_000}`;
    const need = await request(app.api.url).post('/api/v1/needs').set(bearer(staff)).send(aNeedBody({
      title, shifts: [{ startsAt: new Date(START).toISOString(), endsAt: new Date(START + 2 * HOUR).toISOString(), capacity: 2 }],
    })).expect(201);
    const shiftId: string = need.body.shifts[0].id;

    const staffContext = await mobileContext(app.browser);
    const volunteerContext = await mobileContext(app.browser);
    await signIn(staffContext, staff.token);
    await signIn(volunteerContext, near.token);
    const staffPage = await staffContext.newPage();
    const volunteerPage = await volunteerContext.newPage();
    const errors = [...watchErrors(staffPage), ...watchErrors(volunteerPage)];
    try {
      // The volunteer's home page recommends the shift, with the distance and why.
      await volunteerPage.goto(`${app.api.url}/`);
      const recommended = volunteerPage.locator(`[data-recommendation="${shiftId}"]`);
      await recommended.getByText(title).waitFor(WAIT);
      await recommended.getByText('距离你 300 米').waitFor(WAIT);
      await screenshot(volunteerPage, 'volunteer-06-recommended');

      // Staff: the need → 推荐志愿者 for its shift: both volunteers, nearest first, names masked.
      await staffPage.goto(`${app.api.url}/staff/pages/need/index?id=${need.body.id}`);
      await staffPage.locator(`[data-shift-id="${shiftId}"] [data-action="candidates"]`).click();
      await staffPage.locator('[data-candidate]').nth(1).waitFor(WAIT);
      const ranked = await staffPage.locator('[data-candidate]').evaluateAll((cards) => cards.map((c) => c.getAttribute('data-candidate')));
      expect(ranked[0]).toBe(near.id);
      expect(ranked).toHaveLength(2);
      const first = staffPage.locator(`[data-candidate="${near.id}"]`);
      expect(await first.locator('[data-masked-name]').textContent()).toMatch(/\*/);
      await first.getByText('距离 300 米').waitFor(WAIT);
      await first.getByText(/^出勤率 \d+%$/).waitFor(WAIT);
      await staffPage.locator('.ui-live', { hasText: '● 报名实时更新中' }).waitFor(WAIT);
      await screenshot(staffPage, 'staff-04-candidates');

      await staffPage.locator('[data-action="send-invitations"]').click();
      await staffPage.locator('[data-sent-note]').getByText(/已邀请 2 位（第 1 批）/).waitFor(WAIT);
      // Invited volunteers leave the candidates.
      await staffPage.getByText('附近暂时没有合适的志愿者').waitFor(WAIT);
      await screenshot(staffPage, 'staff-05-invited');

      // The volunteer: 我的 → 服务邀请 → accept.
      await volunteerPage.goto(`${app.api.url}/pages/me/index`);
      await volunteerPage.locator('[data-link="invitations"]').click();
      const card = volunteerPage.locator(`[data-invitation="${shiftId}:${near.id}"]`);
      await card.getByText(title).waitFor(WAIT);
      await screenshot(volunteerPage, 'volunteer-07-invitation');
      await card.locator('[data-action="accept"]').click();
      await card.getByText('已接受，已为你报名').waitFor(WAIT);
      await screenshot(volunteerPage, 'volunteer-08-accepted');

      // Staff see the sign-up arrive without reloading.
      // (The need page stays underneath in the H5 page stack, so take the top page's count.)
      await staffPage.locator('[data-enrolled]').last().getByText('已报名 1/2').waitFor(WAIT);
      const mine = await request(app.api.url).get('/api/v1/me/enrollments').set(bearer(near)).expect(200);
      expect(mine.body.items.map((e: { id: string; status: string }) => [e.id, e.status])).toContainEqual([`${shiftId}:${near.id}`, 'enrolled']);
      expect(errors).toEqual([]);
    } finally {
      await staffContext.close();
      await volunteerContext.close();
    }
  });
});
