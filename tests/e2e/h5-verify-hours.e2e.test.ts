import request from 'supertest';
import { aSignedUpShift, type SignedUpShift } from '../fixtures/attendance';
import { COMMUNITY } from '../fixtures/needs';
import { aCommunityStaff, aVolunteer, bearer, type TestUser } from '../fixtures/users';
import { mobileContext, screenshot, signIn, watchErrors } from './support/browser';
import { useH5App, WAIT } from './support/h5-app';

/**
 * Staff verify a flagged record's hours in the built H5 site. The record is flagged by the attendance
 * service itself: one phone checks in more volunteers in a day than allowed (DEVICE_VOLUNTEERS_PER_DAY,
 * 3 by default), so the fourth check-in is `shared_device`. Overlapping records cannot be made here:
 * the second of two overlapping sign-ups is refused (409).
 */
const app = useH5App();

const MINUTE = 60_000;

async function checkInCode(staff: TestUser, shift: SignedUpShift): Promise<{ code: string }> {
  const res = await request(app.api.url).get(`/api/v1/needs/${shift.needId}/shifts/${shift.shiftId}/check-in-code`).set(bearer(staff)).expect(200);
  return { code: res.body.code as string };
}

/** Three neighbours signed up for the same shift and checked in from `device` before the volunteer does. */
async function threeCheckInsFrom(device: string, staff: TestUser, shift: SignedUpShift): Promise<void> {
  for (let i = 0; i < 3; i += 1) {
    const volunteer = await aVolunteer(app.api);
    const enrollment = await request(app.api.url).post(`/api/v1/needs/${shift.needId}/shifts/${shift.shiftId}/enrollments`).set(bearer(volunteer)).send({}).expect(201);
    await request(app.api.url).post(`/api/v1/enrollments/${enrollment.body.id}/check-in`).set(bearer(volunteer)).set('x-device-id', device)
      .send(await checkInCode(staff, shift)).expect(201);
  }
}

const totalHours = async (volunteer: TestUser) =>
  (await request(app.api.url).get('/api/v1/me/hours').set(bearer(volunteer)).expect(200)).body.totalHours as number;

describe('H5 staff verify hours', () => {
  it('staff see a shared-device check-in waiting, verify 90 minutes, the volunteer gains 1.5 h, and the reviewed record leaves the list', async () => {
    const staff = await aCommunityStaff(app.api, COMMUNITY);
    const shift = await aSignedUpShift(app.api, staff, { startsInMs: 5 * MINUTE, lengthMs: 120 * MINUTE, title: '社区助老集市志愿服务' });
    const device = `phone-e2e-${Date.now()}`;
    await threeCheckInsFrom(device, staff, shift);
    const url = (action: string) => `/api/v1/enrollments/${shift.enrollmentId}/${action}`;
    const checkedIn = await request(app.api.url).post(url('check-in')).set(bearer(shift.volunteer)).set('x-device-id', device)
      .send(await checkInCode(staff, shift)).expect(201);
    expect(checkedIn.body.flags).toEqual(['shared_device']);
    // Checked out before the shift began: the system counts 0 minutes, so the hours are staff's call.
    const checkedOut = await request(app.api.url).post(url('check-out')).set(bearer(shift.volunteer)).send(await checkInCode(staff, shift)).expect(200);
    expect(checkedOut.body).toMatchObject({ status: 'checked_out', systemMinutes: 0 });
    expect(await totalHours(shift.volunteer)).toBe(0);

    const context = await mobileContext(app.browser);
    await signIn(context, staff.token);
    const page = await context.newPage();
    const errors = watchErrors(page);
    try {
      await page.goto(`${app.api.url}/staff/pages/needs/index`);
      await page.locator('[data-action="verify"]').click();
      const card = page.locator(`[data-enrollment-id="${shift.enrollmentId}"]`);
      await card.getByText('同一设备当天为多名志愿者签到').waitFor(WAIT);
      await card.getByText('核定时长（分钟，系统记录 0）').waitFor(WAIT);
      // Only the flagged check-in waits: the three neighbours' check-ins were within the limit.
      expect(await page.locator('[data-enrollment-id]').count()).toBe(1);
      await screenshot(page, 'verify-hours-01-flagged');

      await card.locator(`input[name="minutes-${shift.enrollmentId}"]`).fill('90');
      await card.getByText('核定', { exact: true }).click();
      await card.locator('[data-verified-minutes="90"]').getByText('已核定 90 分钟（系统记录 0）').waitFor(WAIT);
      // More than the system counted: flagged for the next look, and no second 核定 is offered.
      await card.getByText(/核定时长超过系统记录的时长/).waitFor(WAIT);
      expect(await card.getAttribute('data-status')).toBe('verified');
      expect(await card.getByText('核定', { exact: true }).count()).toBe(0);
      await screenshot(page, 'verify-hours-02-verified');

      expect(await totalHours(shift.volunteer)).toBe(1.5);
      const hours = await request(app.api.url).get(url('hours')).set(bearer(staff)).expect(200);
      expect(hours.body).toMatchObject({ enrollmentId: shift.enrollmentId, verifiedMinutes: 90, entries: [expect.objectContaining({ kind: 'verified', minutes: 90 })] });

      await card.getByText('标记已复核', { exact: true }).click();
      await card.waitFor({ state: 'detached', ...WAIT });
      await page.getByText('没有需要复核的记录').waitFor(WAIT);
      const reviewed = await request(app.api.url).get('/api/v1/attendance/flagged?includeReviewed=true').set(bearer(staff)).expect(200);
      expect(reviewed.body.items).toEqual([expect.objectContaining({
        enrollmentId: shift.enrollmentId, status: 'verified', verifiedMinutes: 90, reviewedAt: expect.any(String),
      })]);
      expect(errors).toEqual([]);
    } finally {
      await context.close();
    }
  });
});
