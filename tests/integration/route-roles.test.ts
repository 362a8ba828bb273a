import { randomUUID } from 'node:crypto';
import { Types } from 'mongoose';
import request from 'supertest';
import { shanghaiDayOf, type Role } from '@tongxin/shared';
import { apiRoutesOf } from '../helpers/api-routes';
import { eventually } from '../helpers/eventually';
import { startTestApi, type TestApi } from '../helpers/test-api';
import { expectInvariants } from '../helpers/invariants';
import { aUser, aVolunteer, bearer, type TestUser } from '../fixtures/users';
import { aNeedBody, aShift, COMMUNITY } from '../fixtures/needs';
import { aSignedUpShift, serve } from '../fixtures/attendance';
import { aVolunteerProfileBody } from '../fixtures/volunteer-profiles';
import { aMealPointBody, anElderBody } from '../fixtures/meal-points';
import { aCharity, aCampaignBody, aLiveCampaign, anOrganizationBody, type CharityWorld } from './campaigns/campaign-fixtures';

// For every API route (found by walking Express's router, as route-table.test.ts does) and every
// role, what the role may do, read from POLICIES and the routes. Each role is tried twice: as a
// holder scoped to the resource (its community, district, organization or meal point, or its
// owner) and as one scoped elsewhere (another district, organization or meal point; another user).
// A role granted `any` must pass both ways, `own` only the first; every other role is refused.
// "Passing" means neither 401 nor 403: a 404 or 409 from an allowed role is the route working.
// A route not in ROUTES fails the test until someone decides who may call it.

const ROLES: readonly Role[] = ['volunteer', 'donor', 'community_staff', 'meal_point_operator', 'org_admin', 'district_admin', 'city_admin'];
const OTHER_DISTRICT = '510105';
const OTHER_DISTRICT_COMMUNITY = '510105001001';
const DAY = 86_400_000;
const HOUR = 3_600_000;
const MINUTE = 60_000;
const HERE = { lat: 30.6571, lng: 104.0806 };

let api: TestApi;

/** Everything the routes act on, created once: a need with an enrollment, a charity's campaign and donations, a meal point with a booking, elders, a notification. */
interface World {
  charity: CharityWorld;
  otherCharity: CharityWorld;
  staff: TestUser;
  needId: string;
  shiftId: string;
  enrollmentId: string;
  /** The own volunteer's sign-up for a shift starting soon, checked in and out: an attendance record to verify, correct and review. */
  servedId: string;
  campaignId: string;
  /** A pending donation of each donating role's own user. */
  donation: { volunteer: string; donor: string };
  paidDonationId: string;
  /** The own donor's receipt request for the paid donation. */
  receiptRequestId: string;
  mealPointId: string;
  otherMealPointId: string;
  elder: { volunteer: string; donor: string; staff: string };
  bookingId: string;
  /** A delivery task of the meal point (one delivery booking, formed now), offered to the own volunteer. */
  deliveryTaskId: string;
  /** The own volunteer's invitations: one to accept, one to decline (each answer ends it). */
  invitation: { accept: string; decline: string };
  /** The own volunteer's certificate (of a shift served and verified here). */
  certificateCode: string;
  /** The charity's rural project in the own district (its region: the own community). */
  ruralProjectId: string;
  /** Background exports, one per requester: the own district admin's and the own city admin's. */
  statsExport: { district_admin: string; city_admin: string };
  /** The city's volunteer organization (founded by the own city admin), a volunteer with a pending application to it, and a user to appoint its admin. */
  unit: { id: string; applicantId: string; appointeeId: string };
  /** The own donor's fundraising team in the campaign. */
  teamId: string;
  notificationId: string;
  date: string;
  /** Per role: a user scoped to the resources above (the owner, for `self` grants) and one scoped elsewhere. */
  own: Record<Role, TestUser>;
  other: Record<Role, TestUser>;
}
let w: World;

const post = (user: TestUser, url: string, body: object = {}) => request(api.url).post(url).set(bearer(user)).send(body);

beforeAll(async () => {
  api = await startTestApi();
  const charity = await aCharity(api);
  const otherCharity = await aCharity(api);
  const staff = await aUser(api, ['community_staff'], { communityCode: COMMUNITY });
  const volunteer = await aVolunteer(api);
  const donor = await aUser(api, ['donor']);
  const operator = await aUser(api, ['meal_point_operator']);
  const need = (await post(staff, '/api/v1/needs', aNeedBody({ shifts: [aShift(3 * DAY, 5)] })).expect(201)).body;
  const enrollmentId = (await post(volunteer, `/api/v1/needs/${need.id}/shifts/${need.shifts[0].id}/enrollments`).expect(201)).body.id as string;
  const served = await aSignedUpShift(api, staff, { volunteer });
  await serve(api, staff, served);
  // A short shift before the served one (they must not overlap), verified, and a certificate of it.
  await serve(api, staff, await aSignedUpShift(api, staff, { volunteer, startsInMs: 2 * MINUTE, lengthMs: 6 * MINUTE }), 5);
  const certificateCode = (await post(volunteer, '/api/v1/me/certificates').expect(201)).body.code as string;
  const campaignId = await aLiveCampaign(api, charity);
  const donate = async (user: TestUser) => (await request(api.url).post(`/api/v1/campaigns/${campaignId}/donations`).set(bearer(user))
    .set('idempotency-key', randomUUID()).send({ amountFen: 1000 }).expect(201)).body.id as string;
  const donation = { volunteer: await donate(volunteer), donor: await donate(donor) };
  const paidDonationId = await donate(donor);
  await post(donor, `/api/v1/payments/sandbox/${paidDonationId}/pay`).expect(200);
  const receiptRequestId = (await post(donor, '/api/v1/me/receipt-requests', { donationIds: [paidDonationId], payer: { kind: 'person', name: '张三' } }).expect(201)).body.id as string;
  const mealPointId = (await post(operator, '/api/v1/meal-points', aMealPointBody()).expect(201)).body.id as string;
  const otherMealPointId = (await post(charity.cityAdmin, '/api/v1/meal-points', aMealPointBody({ name: '另一个长者食堂' })).expect(201)).body.id as string;
  const elderOf = async (user: TestUser) => (await post(user, '/api/v1/elders', anElderBody()).expect(201)).body.id as string;
  const elder = { volunteer: await elderOf(volunteer), donor: await elderOf(donor), staff: await elderOf(staff) };
  const date = shanghaiDayOf(new Date(Date.now() + 2 * DAY));
  const bookingId = (await post(volunteer, `/api/v1/meal-points/${mealPointId}/bookings`, { elderId: elder.volunteer, date, meal: 'lunch', mode: 'dine_in' }).expect(201)).body.id as string;
  await post(staff, `/api/v1/meal-points/${mealPointId}/bookings`, { elderId: elder.staff, date, meal: 'lunch', mode: 'delivery' }).expect(201);
  const [deliveryTaskId] = await api.runtime.modules.mealPoints.deliveryTasks.form(mealPointId, date, 'lunch') as [string];
  // Invitations go to the volunteers ranked for each shift: the own volunteer (the `other` users are made below, after the offers).
  // 10:00 Shanghai in five and six days: inside the volunteer's available slots (none covers the night).
  const morning = (days: number) => {
    const start = Math.floor(Date.now() / DAY) * DAY + days * DAY + 2 * HOUR;
    return { startsAt: new Date(start).toISOString(), endsAt: new Date(start + 2 * HOUR).toISOString(), capacity: 5 };
  };
  // At the meal point's door: within the volunteer's 5 km (the community's centre is just beyond it).
  const invitedNeed = (await post(staff, '/api/v1/needs', aNeedBody({ title: '社区义诊引导', location: HERE, shifts: [morning(5), morning(6)] })).expect(201)).body;
  const invitedShifts = invitedNeed.shifts as Array<{ id: string }>;
  for (const { id } of invitedShifts) await post(staff, `/api/v1/needs/${invitedNeed.id}/invitations`, { shiftId: id }).expect(201);
  const invitation = { accept: `${invitedShifts[0]!.id}:${volunteer.id}`, decline: `${invitedShifts[1]!.id}:${volunteer.id}` };
  const ruralProjectId = (await post(charity.orgAdmin, '/api/v1/rural-projects', {
    title: '锦江区社区助农集市', category: 'ecommerce', description: '在社区开设助农集市，帮助金堂县农户销售柑橘。', regionCode: COMMUNITY, organizationId: charity.organizationId,
  }).expect(201)).body.id as string;
  const unitId = (await post(charity.cityAdmin, '/api/v1/volunteer-units', { name: '成都市志愿服务联合会', kind: 'organization', regionCode: '510100' }).expect(201)).body.id as string;
  const applicant = await aUser(api, ['volunteer']);
  await post(applicant, `/api/v1/volunteer-units/${unitId}/applications`).expect(201);
  const appointee = await aUser(api, ['community_staff'], { communityCode: COMMUNITY });
  const teamId = (await post(donor, `/api/v1/campaigns/${campaignId}/teams`, { name: '权限测试队', goalFen: 100_000 }).expect(201)).body.id as string;
  const notificationId = `route-roles:${randomUUID()}`;
  await api.runtime.modules.notifications.service.deliver(volunteer.id, { id: notificationId, kind: 'shift-moved', title: '班次时间调整', body: '你报名的班次时间调整', data: {}, urgent: false });
  const own: Record<Role, TestUser> = {
    volunteer,
    donor,
    community_staff: staff,
    meal_point_operator: operator,
    org_admin: charity.orgAdmin,
    district_admin: await aUser(api, ['district_admin'], { districtCode: '510104' }),
    city_admin: charity.cityAdmin,
  };
  const exportOf = async (user: TestUser) => {
    const { id } = (await post(user, '/api/v1/stats/exports', { table: 'areas' }).expect(202)).body as { id: string };
    await eventually(async () => expect((await request(api.url).get(`/api/v1/stats/exports/${id}`).set(bearer(user)).expect(200)).body.status).toBe('ready'), 60_000, 200);
    return id;
  };
  const statsExport = { district_admin: await exportOf(own.district_admin), city_admin: await exportOf(own.city_admin) };
  const other: Record<Role, TestUser> = {
    volunteer: await aVolunteer(api),
    donor: await aUser(api, ['donor']),
    community_staff: await aUser(api, ['community_staff'], { communityCode: OTHER_DISTRICT_COMMUNITY }),
    meal_point_operator: await aUser(api, ['meal_point_operator'], { mealPointId: otherMealPointId }),
    org_admin: otherCharity.orgAdmin,
    district_admin: await aUser(api, ['district_admin'], { districtCode: OTHER_DISTRICT }),
    city_admin: otherCharity.cityAdmin,
  };
  w = { charity, otherCharity, staff, needId: need.id, shiftId: need.shifts[0].id, enrollmentId, servedId: served.enrollmentId, campaignId, donation, paidDonationId, receiptRequestId,
    mealPointId, otherMealPointId, elder, bookingId, deliveryTaskId, invitation, certificateCode, ruralProjectId, statsExport, unit: { id: unitId, applicantId: applicant.id, appointeeId: appointee.id }, teamId,
    notificationId, date, own, other };
  // The resources the object-level checks are about really exist, each the own user's alone.
  const mine = async (user: TestUser, path: string) => ((await request(api.url).get(path).set(bearer(user)).expect(200)).body.items as Array<{ id: string }>).map((i) => i.id);
  expect(await mine(volunteer, '/api/v1/me/delivery-tasks')).toEqual([deliveryTaskId]);
  expect(await mine(other.volunteer, '/api/v1/me/delivery-tasks')).toEqual([]);
  expect(await mine(volunteer, '/api/v1/me/invitations')).toEqual(expect.arrayContaining([invitation.accept, invitation.decline]));
  expect(await mine(other.volunteer, '/api/v1/me/invitations')).toEqual([]);
}, 240_000);
afterAll(() => api.stop());

const anId = () => new Types.ObjectId().toHexString();

/** Who is calling: the role, and whether the caller is scoped to (or owns) the resource. */
interface Caller { role: Role; own: boolean; user: TestUser }

interface Expectation {
  /** Roles allowed: `any` holder, or only the one scoped to / owning the resource (`own`). Unlisted roles are refused. */
  allow: Partial<Record<Role, 'any' | 'own'>>;
  /** The URL to call (defaults to the pattern with fresh ids, i.e. a resource that does not exist). */
  url?: (c: Caller) => string;
  body?: (c: Caller) => object;
  headers?: Record<string, string>;
  /** The refusal a denied caller gets, when not 403: 404 where the route hides that the resource exists (declared with why). */
  denied?: 404;
  /** Set when the route validates the body before authorizing and the test sends no valid body: a refused caller may get 400. */
  validatesFirst?: true;
  /** A fresh user per call (the call ends sessions or deletes the caller's data). */
  fresh?: true;
}

const ALL: Expectation['allow'] = Object.fromEntries(ROLES.map((r) => [r, 'any']));
const enrollment = () => `/api/v1/enrollments/${w.enrollmentId}`;
const served = () => `/api/v1/enrollments/${w.servedId}`;
const shift = () => `/api/v1/needs/${w.needId}/shifts/${w.shiftId}`;
const donationFor = (c: Caller) => (c.own && (c.role === 'volunteer' || c.role === 'donor') ? w.donation[c.role] : w.donation.donor);
const elderFor = (c: Caller) => (c.own && (c.role === 'volunteer' || c.role === 'donor') ? w.elder[c.role] : w.elder.staff);
const point = () => `/api/v1/meal-points/${w.mealPointId}`;
const project = () => `/api/v1/rural-projects/${w.ruralProjectId}`;
const unit = () => `/api/v1/volunteer-units/${w.unit.id}`;
/** The caller's own export when they requested one, else the own city admin's. */
const exportFor = (c: Caller) => (c.own && (c.role === 'district_admin' || c.role === 'city_admin') ? w.statsExport[c.role] : w.statsExport.city_admin);

/** The table: method and path → who may call it. */
const ROUTES: Record<string, Expectation> = {
  // certificates: one's own (a volunteer's), the public check by code is in route-table.test.ts's PUBLIC
  'POST /api/v1/me/certificates': { allow: { volunteer: 'any' }, validatesFirst: true },
  'GET /api/v1/me/certificates': { allow: { volunteer: 'any' } },
  // another's certificate does not exist for the caller
  'GET /api/v1/me/certificates/:code/pdf': { allow: { volunteer: 'own' }, denied: 404, url: () => `/api/v1/me/certificates/${w.certificateCode}/pdf` },
  // rural projects
  'GET /api/v1/rural-projects': { allow: ALL },
  'POST /api/v1/rural-projects': { allow: { org_admin: 'own', district_admin: 'own', city_admin: 'any' }, validatesFirst: true },
  'GET /api/v1/rural-projects/:id': { allow: ALL, url: project },
  'PATCH /api/v1/rural-projects/:id': { allow: { org_admin: 'own', district_admin: 'own', city_admin: 'any' }, url: project, body: () => ({ title: '锦江区社区助农集市二期' }) },
  'POST /api/v1/rural-projects/:id/transitions': { allow: { org_admin: 'own', district_admin: 'own', city_admin: 'any' }, url: () => `${project()}/transitions`, body: () => ({ to: 'active' }) },
  'POST /api/v1/rural-projects/:id/progress': { allow: { org_admin: 'own', district_admin: 'own', city_admin: 'any' }, url: () => `${project()}/progress`,
    body: () => ({ date: '2026-10-01', text: '集市开张，首批柑橘售出' }) },
  // attendance
  'GET /api/v1/enrollments/:id/offline-key': { allow: { volunteer: 'own' }, url: () => `${enrollment()}/offline-key` },
  'GET /api/v1/needs/:id/shifts/:shiftId/offline-check-in-codes': { allow: { community_staff: 'own', district_admin: 'own', city_admin: 'any' }, url: () => `${shift()}/offline-check-in-codes` },
  'POST /api/v1/enrollments/:id/offline-attendance': { allow: { volunteer: 'own' }, url: () => `${enrollment()}/offline-attendance`, validatesFirst: true },
  'POST /api/v1/enrollments/:id/hours-corrections': { allow: { community_staff: 'own', district_admin: 'own', city_admin: 'any' }, url: () => `${served()}/hours-corrections`, body: () => ({ minutes: 30, reason: '权限测试更正' }) },
  'GET /api/v1/enrollments/:id/hours': { allow: { volunteer: 'own', community_staff: 'own', district_admin: 'own', city_admin: 'any' }, url: () => `${served()}/hours`, denied: 404 }, // hides whether the sign-up has hours
  'GET /api/v1/attendance/flagged': { allow: { community_staff: 'own', district_admin: 'own', city_admin: 'any' }, url: () => `/api/v1/attendance/flagged?communityCode=${COMMUNITY}` },
  'POST /api/v1/enrollments/:id/attendance-review': { allow: { community_staff: 'own', district_admin: 'own', city_admin: 'any' }, url: () => `${served()}/attendance-review` },
  'GET /api/v1/needs/:id/shifts/:shiftId/check-in-code': { allow: { community_staff: 'own', district_admin: 'own', city_admin: 'any' }, url: () => `${shift()}/check-in-code` },
  'POST /api/v1/enrollments/:id/check-in': { allow: { volunteer: 'own' }, url: () => `${enrollment()}/check-in`, body: () => ({ location: HERE }) },
  'POST /api/v1/enrollments/:id/check-out': { allow: { volunteer: 'own' }, url: () => `${enrollment()}/check-out`, body: () => ({ location: HERE }) },
  'POST /api/v1/enrollments/:id/verify': { allow: { community_staff: 'own', district_admin: 'own', city_admin: 'any' }, url: () => `${served()}/verify`, body: () => ({ minutes: 50 }) },
  'POST /api/v1/enrollments/:id/supplementary-hours': { allow: { community_staff: 'own', district_admin: 'own', city_admin: 'any' }, url: () => `${served()}/supplementary-hours`, body: () => ({ minutes: 5, reason: '权限测试补录' }) },
  'GET /api/v1/me/hours': { allow: ALL },
  'GET /api/v1/me/service-records': { allow: ALL },
  // enrollments
  'POST /api/v1/needs/:id/shifts/:shiftId/enrollments': { allow: { volunteer: 'any' }, url: () => `${shift()}/enrollments` },
  'DELETE /api/v1/enrollments/:id': { allow: { volunteer: 'own', community_staff: 'own', district_admin: 'own', city_admin: 'any' }, url: enrollment },
  'GET /api/v1/me/enrollments': { allow: ALL },
  'POST /api/v1/enrollments/:id/no-show/reverse': { allow: { community_staff: 'own', district_admin: 'own', city_admin: 'any' }, url: () => `${enrollment()}/no-show/reverse` },
  'POST /api/v1/enrollments/:id/confirm': { allow: { volunteer: 'own' }, url: () => `${enrollment()}/confirm` },
  'POST /api/v1/enrollments/:id/decline': { allow: { volunteer: 'own' }, url: () => `${enrollment()}/decline` },
  'GET /api/v1/needs/:id/shifts/:shiftId/confirmations': { allow: { community_staff: 'own', district_admin: 'own', city_admin: 'any' }, url: () => `${shift()}/confirmations` },
  // matching
  // org_admin: only for needs their organization posted (this one a community's staff posted)
  'GET /api/v1/needs/:id/candidates': { allow: { community_staff: 'own', district_admin: 'own', city_admin: 'any' }, url: () => `/api/v1/needs/${w.needId}/candidates?shiftId=${w.shiftId}` },
  'GET /api/v1/me/recommendations': { allow: { volunteer: 'any' } },
  'POST /api/v1/needs/:id/invitations': { allow: { community_staff: 'own', district_admin: 'own', city_admin: 'any' }, url: () => `/api/v1/needs/${w.needId}/invitations`, validatesFirst: true },
  'GET /api/v1/me/invitations': { allow: { volunteer: 'any' } },
  // the invited volunteer only
  'POST /api/v1/invitations/:id/accept': { allow: { volunteer: 'own' }, url: () => `/api/v1/invitations/${encodeURIComponent(w.invitation.accept)}/accept` },
  'POST /api/v1/invitations/:id/decline': { allow: { volunteer: 'own' }, url: () => `/api/v1/invitations/${encodeURIComponent(w.invitation.decline)}/decline` },
  // users and sessions
  'GET /api/v1/me': { allow: ALL },
  'POST /api/v1/auth/logout-all': { allow: ALL, fresh: true },
  'POST /api/v1/users/:id/sessions/revoke': { allow: { city_admin: 'any' } },
  // statistics
  'GET /api/v1/stats/gaps': { allow: { district_admin: 'any', city_admin: 'any' } },
  'GET /api/v1/stats/exports/:table.csv': { allow: { district_admin: 'any', city_admin: 'any' }, url: () => '/api/v1/stats/exports/areas.csv' },
  'POST /api/v1/stats/exports': { allow: { district_admin: 'any', city_admin: 'any' }, validatesFirst: true },
  // a background export: its requester only (`own`: the caller's own export); someone else's, even a city admin's, does not exist for the caller
  'GET /api/v1/stats/exports/:id': { allow: { district_admin: 'own', city_admin: 'own' }, denied: 404, url: (c) => `/api/v1/stats/exports/${exportFor(c)}` },
  'GET /api/v1/stats/exports/:id/download': { allow: { district_admin: 'own', city_admin: 'own' }, denied: 404, url: (c) => `/api/v1/stats/exports/${exportFor(c)}/download` },
  'GET /api/v1/stats/overview': { allow: { district_admin: 'any', city_admin: 'any' } },
  'GET /api/v1/stats/districts': { allow: { district_admin: 'any', city_admin: 'any' } },
  'GET /api/v1/stats/children': { allow: { district_admin: 'any', city_admin: 'any' } },
  'GET /api/v1/stats/meal-points': { allow: { district_admin: 'any', city_admin: 'any' } },
  'GET /api/v1/stats/unfilled-needs': { allow: { district_admin: 'any', city_admin: 'any' } },
  // meal points
  'POST /api/v1/meal-points': { allow: { meal_point_operator: 'any', district_admin: 'own', city_admin: 'any' }, body: () => aMealPointBody({ name: '新长者食堂' }) },
  'GET /api/v1/meal-points/:id': { allow: ALL, url: point },
  'PATCH /api/v1/meal-points/:id': { allow: { meal_point_operator: 'own', district_admin: 'own', city_admin: 'any' }, url: point, body: () => ({ accessibilityNotes: '一楼，无台阶' }) },
  'PUT /api/v1/meal-points/:id/menus/:date': { allow: { meal_point_operator: 'own', district_admin: 'own', city_admin: 'any' }, url: () => `${point()}/menus/${w.date}`, validatesFirst: true },
  'GET /api/v1/meal-points/:id/menus/:date': { allow: ALL, url: () => `${point()}/menus/${w.date}` },
  'GET /api/v1/meal-subsidy-rules': { allow: ALL },
  'PUT /api/v1/meal-subsidy-rules': { allow: { city_admin: 'any' }, validatesFirst: true },
  'GET /api/v1/meal-points': { allow: ALL, url: () => '/api/v1/meal-points?near=30.6571,104.0806' },
  'GET /api/v1/me/delivery-tasks': { allow: { volunteer: 'any' } },
  // the volunteers it is offered to (while open), its taker, and the point's managers
  'GET /api/v1/delivery-tasks/:id': { allow: { volunteer: 'own', meal_point_operator: 'own', district_admin: 'own', city_admin: 'any' }, url: () => `/api/v1/delivery-tasks/${w.deliveryTaskId}` },
  'POST /api/v1/delivery-tasks/:id/accept': { allow: { volunteer: 'own' }, url: () => `/api/v1/delivery-tasks/${w.deliveryTaskId}/accept` },
  // an offered volunteer's no (after the own volunteer's accept above, a 409: still served)
  'POST /api/v1/delivery-tasks/:id/decline': { allow: { volunteer: 'own' }, url: () => `/api/v1/delivery-tasks/${w.deliveryTaskId}/decline` },
  // the delivery-volunteer picker: the point's own operators only (not officials)
  'GET /api/v1/delivery-tasks/:id/candidates': { allow: { meal_point_operator: 'own' }, url: () => `/api/v1/delivery-tasks/${w.deliveryTaskId}/candidates` },
  'POST /api/v1/delivery-tasks/:id/invitations': { allow: { meal_point_operator: 'own' }, url: () => `/api/v1/delivery-tasks/${w.deliveryTaskId}/invitations`,
    body: () => ({ volunteerIds: [w.other.volunteer.id] }) },
  'GET /api/v1/meal-points/:id/delivery-tasks': { allow: { meal_point_operator: 'own', district_admin: 'own', city_admin: 'any' }, url: () => `${point()}/delivery-tasks?date=${w.date}` },
  'POST /api/v1/meal-points/:id/bookings': { allow: { volunteer: 'own', donor: 'own', community_staff: 'own', district_admin: 'own', city_admin: 'any' }, url: () => `${point()}/bookings`,
    body: (c) => ({ elderId: elderFor(c), date: w.date, meal: 'dinner', mode: 'dine_in' }) },
  'GET /api/v1/meal-points/:id/bookings': { allow: { meal_point_operator: 'own', district_admin: 'own', city_admin: 'any' }, url: () => `${point()}/bookings?date=${w.date}` },
  'GET /api/v1/meal-bookings/:id': { allow: { volunteer: 'own', meal_point_operator: 'own', community_staff: 'own', district_admin: 'own', city_admin: 'any' }, url: () => `/api/v1/meal-bookings/${w.bookingId}` },
  // cancelling: whoever acts for the elder, and the point's operators
  'DELETE /api/v1/meal-bookings/:id': { allow: { volunteer: 'own', meal_point_operator: 'own', community_staff: 'own', district_admin: 'own', city_admin: 'any' }, url: () => `/api/v1/meal-bookings/${w.bookingId}` },
  // the diner's proof at the counter: not for the operator who scans it
  'GET /api/v1/meal-bookings/:id/pickup-code': { allow: { volunteer: 'own', community_staff: 'own', district_admin: 'own', city_admin: 'any' }, url: () => `/api/v1/meal-bookings/${w.bookingId}/pickup-code` },
  'POST /api/v1/meal-bookings/:id/pickup': { allow: { meal_point_operator: 'own', district_admin: 'own', city_admin: 'any' }, url: () => `/api/v1/meal-bookings/${w.bookingId}/pickup`, body: () => ({ code: '12345678' }) },
  'POST /api/v1/meal-bookings/:id/rating': { allow: { volunteer: 'own', community_staff: 'own', district_admin: 'own', city_admin: 'any' }, url: () => `/api/v1/meal-bookings/${w.bookingId}/rating`, body: () => ({ stars: 5 }) },
  'POST /api/v1/meal-bookings/:id/delivery': { allow: { meal_point_operator: 'own', district_admin: 'own', city_admin: 'any' }, url: () => `/api/v1/meal-bookings/${w.bookingId}/delivery`, validatesFirst: true },
  // the address: the point's managers, and the volunteer assigned to deliver it (during the window; none is assigned here)
  'GET /api/v1/meal-bookings/:id/delivery-address': { allow: { meal_point_operator: 'own', district_admin: 'own', city_admin: 'any' }, url: () => `/api/v1/meal-bookings/${w.bookingId}/delivery-address` },
  // only the volunteer assigned to deliver it (none is assigned here)
  'POST /api/v1/meal-bookings/:id/delivered': { allow: {}, url: () => `/api/v1/meal-bookings/${w.bookingId}/delivered` },
  'POST /api/v1/elders': { allow: { volunteer: 'any', donor: 'any', community_staff: 'own', district_admin: 'own', city_admin: 'any' }, body: () => anElderBody() },
  'GET /api/v1/me/elders': { allow: ALL },
  'GET /api/v1/elders/:id': { allow: { volunteer: 'own', donor: 'own', community_staff: 'own', district_admin: 'own', city_admin: 'any' }, url: (c) => `/api/v1/elders/${elderFor(c)}` },
  'POST /api/v1/elders/:id/relatives': { allow: { volunteer: 'own', donor: 'own', community_staff: 'own', district_admin: 'own', city_admin: 'any' }, url: (c) => `/api/v1/elders/${elderFor(c)}/relatives`,
    body: (c) => ({ userId: c.user.id, relation: '子女' }) },
  // administration
  'POST /api/v1/admin/queue-board/session': { allow: { city_admin: 'any' } },
  'GET /api/v1/audit': { allow: { district_admin: 'any', city_admin: 'any' } },
  // notifications: the caller's own inbox; another user's notification id is simply not in it
  'GET /api/v1/me/notifications': { allow: ALL },
  'POST /api/v1/me/notifications/read-all': { allow: ALL },
  'POST /api/v1/me/notifications/:id/read': { allow: { volunteer: 'own' }, denied: 404, url: () => `/api/v1/me/notifications/${encodeURIComponent(w.notificationId)}/read` },
  'GET /api/v1/me/notification-preferences': { allow: ALL },
  'PUT /api/v1/me/notification-preferences': { allow: ALL, validatesFirst: true },
  'GET /api/v1/me/subscriptions': { allow: ALL },
  'POST /api/v1/me/subscriptions': { allow: ALL, body: () => ({ requestId: randomUUID(), results: {} }) },
  // donations
  'POST /api/v1/campaigns/:id/donations': { allow: { volunteer: 'any', donor: 'any' }, url: () => `/api/v1/campaigns/${w.campaignId}/donations`, body: () => ({ amountFen: 100 }), headers: { 'idempotency-key': randomUUID() } },
  'GET /api/v1/donations/:donationId': { allow: { volunteer: 'own', donor: 'own', org_admin: 'own', city_admin: 'any' }, url: (c) => `/api/v1/donations/${donationFor(c)}` },
  'POST /api/v1/donations/:donationId/refunds': { allow: { org_admin: 'own' }, url: () => `/api/v1/donations/${w.paidDonationId}/refunds`, body: () => ({ amountFen: 1, reason: '权限测试退款' }), headers: { 'idempotency-key': randomUUID() } },
  'GET /api/v1/me/donations': { allow: ALL },
  'POST /api/v1/me/receipt-requests': { allow: { volunteer: 'any', donor: 'any' }, body: () => ({ donationIds: [anId()], payer: { kind: 'person', name: '张三' } }) },
  'GET /api/v1/me/receipt-requests': { allow: ALL },
  'GET /api/v1/organizations/:id/receipt-requests': { allow: { org_admin: 'own' }, url: () => `/api/v1/organizations/${w.charity.organizationId}/receipt-requests` },
  'POST /api/v1/receipt-requests/:requestId/issue': { allow: { org_admin: 'own' }, url: () => `/api/v1/receipt-requests/${w.receiptRequestId}/issue`, body: () => ({ receiptNumber: 'PJ-ROLES-0001' }) },
  'POST /api/v1/receipt-requests/:requestId/decline': { allow: { org_admin: 'own' }, url: () => `/api/v1/receipt-requests/${w.receiptRequestId}/decline`, body: () => ({ reason: '权限测试退回' }) },
  'GET /api/v1/receipt-requests/:requestId/payer': { allow: { org_admin: 'own' }, url: () => `/api/v1/receipt-requests/${w.receiptRequestId}/payer` },
  'GET /api/v1/me/donations/:donationId/receipt': { allow: { volunteer: 'own', donor: 'own' }, denied: 404, url: (c) => `/api/v1/me/donations/${donationFor(c)}/receipt` },
  'GET /api/v1/me/campaign-recommendations': { allow: { volunteer: 'any', donor: 'any' } },
  'POST /api/v1/payments/sandbox/:donationId/pay': { allow: { volunteer: 'own', donor: 'own' }, url: (c) => `/api/v1/payments/sandbox/${donationFor(c)}/pay` },
  // needs
  'GET /api/v1/needs': { allow: ALL },
  'POST /api/v1/needs': { allow: { community_staff: 'own', org_admin: 'any', district_admin: 'own', city_admin: 'any' }, body: () => aNeedBody() },
  'GET /api/v1/needs/:id': { allow: ALL, url: () => `/api/v1/needs/${w.needId}` },
  'POST /api/v1/needs/:id/publish': { allow: { community_staff: 'own', district_admin: 'own', city_admin: 'any' }, url: () => `/api/v1/needs/${w.needId}/publish` },
  'POST /api/v1/needs/:id/cancel': { allow: { community_staff: 'own', district_admin: 'own', city_admin: 'any' }, url: () => `/api/v1/needs/${w.needId}/cancel`, body: () => ({ reason: '权限测试取消' }) },
  'PUT /api/v1/needs/:id/shifts/:shiftId': { allow: { community_staff: 'own', district_admin: 'own', city_admin: 'any' }, url: shift, body: () => aShift(3 * DAY + 3_600_000, 5) },
  // volunteer units
  // A unit's admins are users appointed per unit, of any role: no Role here grants it, so the city admin is the
  // only role allowed. The appointed admins' own cases (members, decisions, insurance; appointing only from
  // above) are in organizations/volunteer-units.test.ts.
  'POST /api/v1/volunteer-units': { allow: { city_admin: 'any' }, validatesFirst: true },
  'GET /api/v1/volunteer-units/:id': { allow: ALL, url: unit },
  'POST /api/v1/volunteer-units/:id/admins': { allow: { city_admin: 'any' }, url: () => `${unit()}/admins`, body: () => ({ userId: w.unit.appointeeId }) },
  'POST /api/v1/volunteer-units/:id/applications': { allow: { volunteer: 'any' }, url: () => `${unit()}/applications` },
  'GET /api/v1/volunteer-units/:id/members': { allow: { city_admin: 'any' }, url: () => `${unit()}/members` },
  'POST /api/v1/volunteer-units/:id/members/:userId/decision': { allow: { city_admin: 'any' }, url: () => `${unit()}/members/${w.unit.applicantId}/decision`, body: () => ({ approve: true }) },
  'POST /api/v1/volunteer-units/:id/insurance': { allow: { city_admin: 'any' }, url: () => `${unit()}/insurance`,
    body: () => ({ insurer: '中国人寿成都分公司', policyNumber: 'ROLES-0001', needId: w.needId, shiftIds: [w.shiftId],
      validFrom: new Date().toISOString(), validUntil: new Date(Date.now() + 7 * DAY).toISOString() }) },
  'GET /api/v1/me/volunteer-units': { allow: ALL },
  'GET /api/v1/me/insurance': { allow: ALL },
  // organizations and campaigns
  'GET /api/v1/organizations': { allow: ALL },
  'POST /api/v1/organizations': { allow: { district_admin: 'any', city_admin: 'any' }, body: () => anOrganizationBody() },
  'GET /api/v1/organizations/:id': { allow: ALL, url: () => `/api/v1/organizations/${w.charity.organizationId}` },
  'PATCH /api/v1/organizations/:id': { allow: { org_admin: 'own', district_admin: 'any', city_admin: 'any' }, url: () => `/api/v1/organizations/${w.charity.organizationId}`, body: () => ({ grade: '4A' }) },
  'POST /api/v1/organizations/:id/complaints': { allow: ALL, url: () => `/api/v1/organizations/${w.charity.organizationId}/complaints`, validatesFirst: true },
  // the credit signals: the organization itself and civil-affairs admins
  'GET /api/v1/organizations/:id/credit': { allow: { org_admin: 'own', district_admin: 'any', city_admin: 'any' }, url: () => `/api/v1/organizations/${w.charity.organizationId}/credit` },
  // fundraising teams: donors (and volunteers, who may donate) start and join them
  'GET /api/v1/campaigns/:id/leaderboard': { allow: ALL, url: () => `/api/v1/campaigns/${w.campaignId}/leaderboard` },
  'GET /api/v1/campaigns/:id/teams': { allow: ALL, url: () => `/api/v1/campaigns/${w.campaignId}/teams` },
  'POST /api/v1/campaigns/:id/teams': { allow: { volunteer: 'any', donor: 'any' }, url: () => `/api/v1/campaigns/${w.campaignId}/teams`, validatesFirst: true },
  'GET /api/v1/teams/:teamId': { allow: ALL, url: () => `/api/v1/teams/${w.teamId}` },
  'POST /api/v1/teams/:teamId/members': { allow: { volunteer: 'any', donor: 'any' }, url: () => `/api/v1/teams/${w.teamId}/members` },
  'GET /api/v1/campaigns': { allow: ALL },
  'POST /api/v1/campaigns': { allow: { org_admin: 'own', city_admin: 'any' }, body: () => aCampaignBody(w.charity.organizationId) },
  'GET /api/v1/campaigns/:id': { allow: ALL, url: () => `/api/v1/campaigns/${w.campaignId}` },
  'GET /api/v1/campaigns/:id/disclosures': { allow: ALL, url: () => `/api/v1/campaigns/${w.campaignId}/disclosures` },
  'POST /api/v1/campaigns/:id/disclosures': { allow: { org_admin: 'own', city_admin: 'any' }, url: () => `/api/v1/campaigns/${w.campaignId}/disclosures`,
    body: () => ({ kind: 'progress', title: '项目进展公示', body: '本月已购置冬衣一百件并发放到社区' }) },
  'POST /api/v1/campaigns/:id/follow': { allow: ALL, url: () => `/api/v1/campaigns/${w.campaignId}/follow` },
  'DELETE /api/v1/campaigns/:id/follow': { allow: ALL, url: () => `/api/v1/campaigns/${w.campaignId}/follow` },
  'PATCH /api/v1/campaigns/:id': { allow: { org_admin: 'own', city_admin: 'any' }, url: () => `/api/v1/campaigns/${w.campaignId}`, body: () => ({ summary: '为社区独居老人购置冬衣' }) },
  'POST /api/v1/campaigns/:id/transitions': { allow: { org_admin: 'own', district_admin: 'any', city_admin: 'any' }, url: () => `/api/v1/campaigns/${w.campaignId}/transitions`, body: () => ({ to: 'ended' }) },
  'POST /api/v1/campaigns/:id/extensions': { allow: { org_admin: 'own', city_admin: 'any' }, url: () => `/api/v1/campaigns/${w.campaignId}/extensions`, body: () => ({ goalFen: 20_000_000, reason: '权限测试调整目标' }) },
  'POST /api/v1/campaigns/:id/matching-pool': { allow: { org_admin: 'own', city_admin: 'any' }, url: () => `/api/v1/campaigns/${w.campaignId}/matching-pool`,
    body: () => ({ sponsorName: '成都某银行', ratioPercent: 100, capFen: 10_000, perDonorDailyCapFen: 10_000 }) },
  // volunteer profiles
  'PUT /api/v1/me/volunteer-profile': { allow: { volunteer: 'any' }, body: () => aVolunteerProfileBody() },
  'GET /api/v1/me/volunteer-profile': { allow: { volunteer: 'any' } },
  'DELETE /api/v1/me/volunteer-profile': { allow: { volunteer: 'any' }, fresh: true },
  'GET /api/v1/volunteers/:id': { allow: { volunteer: 'own', community_staff: 'own', district_admin: 'own', city_admin: 'any' }, url: (c) => `/api/v1/volunteers/${c.own && c.role === 'volunteer' ? c.user.id : w.own.volunteer.id}` },
};

/** Routes route-table.test.ts lists as public: no role check to make. */
const PUBLIC = new Set(['GET /api/v1/regions', 'POST /api/v1/auth/wechat', 'POST /api/v1/auth/sms/request', 'POST /api/v1/auth/sms/verify',
  'POST /api/v1/auth/refresh', 'POST /api/v1/auth/logout', 'POST /api/v1/payments/wechat/notify', 'GET /api/v1/certificates/:code']);

const routes = () => apiRoutesOf(api.runtime.app);

function defaultUrl(pattern: string): string {
  return pattern.replace(/:([A-Za-z]+)/g, (_m, name: string) => (/code/i.test(name) ? 'ABCD1234' : anId()));
}

async function call(route: string, e: Expectation, c: Caller): Promise<request.Response> {
  const [method, pattern] = route.split(' ') as [string, string];
  const req = request(api.url)[method.toLowerCase() as 'get'](e.url ? e.url(c) : defaultUrl(pattern)).set(bearer(c.user));
  for (const [name, value] of Object.entries(e.headers ?? {})) req.set(name, name === 'idempotency-key' ? randomUUID() : value);
  return method === 'GET' || method === 'DELETE' ? req : req.send(e.body ? e.body(c) : {});
}

async function freshUser(role: Role, own: boolean): Promise<TestUser> {
  const scopes = own
    ? { community_staff: { communityCode: COMMUNITY }, district_admin: { districtCode: '510104' }, org_admin: { organizationId: w.charity.organizationId }, meal_point_operator: { mealPointId: w.mealPointId } }
    : { community_staff: { communityCode: OTHER_DISTRICT_COMMUNITY }, district_admin: { districtCode: OTHER_DISTRICT }, org_admin: { organizationId: w.otherCharity.organizationId }, meal_point_operator: { mealPointId: w.otherMealPointId } };
  return role === 'volunteer' ? aVolunteer(api) : aUser(api, [role], (scopes as Record<string, object>)[role] ?? {});
}

/** Runs `tasks` with at most `limit` at a time (the store is the bottleneck; a few in flight keep it busy). */
async function pool<T>(items: T[], limit: number, task: (item: T) => Promise<void>): Promise<void> {
  const queue = [...items];
  await Promise.all(Array.from({ length: limit }, async () => {
    for (let item = queue.shift(); item !== undefined; item = queue.shift()) await task(item);
  }));
}

interface Case { route: string; c: Caller; allowed: boolean }

/** Per route and role: both ways when the grant depends on scope; otherwise once (a refused role as the closest caller, the resource's own scope or owner). */
function cases(): Case[] {
  const out: Case[] = [];
  for (const [route, e] of Object.entries(ROUTES)) {
    for (const role of ROLES) {
      const grant = e.allow[role];
      const ways = grant === 'own' ? [true, false] : grant === 'any' ? [false] : [true];
      for (const own of ways) out.push({ route, c: { role, own, user: own ? w.own[role] : w.other[role] }, allowed: grant === 'any' || (grant === 'own' && own) });
    }
  }
  return out;
}

/** Every collection's documents, to show a refused request wrote nothing. */
async function storeSnapshot(): Promise<Record<string, unknown[]>> {
  const db = api.runtime.infra.connection.db!;
  const names = (await db.listCollections().toArray()).map((c) => c.name).filter((n) => !VOLATILE.has(n)).sort();
  const out: Record<string, unknown[]> = {};
  for (const name of names) out[name] = await db.collection(name).find({}).sort({ _id: 1 }).toArray();
  out.campaigns = (out.campaigns ?? []).map((c) => Object.fromEntries(Object.entries(c as object).filter(([key]) => !RECONCILED.has(key))));
  return out;
}
/**
 * A campaign's stored totals, written from the ledger by reconciliation on its own clock (so at any
 * moment after beforeAll's payment); the ledger itself is compared whole.
 */
const RECONCILED = new Set(['raisedFen', 'matchedFen', 'donorCount', 'tallySeq', 'updatedAt']);
/** Written by any request, refused or not: the audit trail (refusals may be audited) and session bookkeeping. */
const VOLATILE = new Set(['audit_entries', 'refresh_tokens', 'refresh_token_uses']);

const DESTRUCTIVE = /^DELETE |\/(cancel|decline|logout-all|revoke|transitions)$/;

describe('who may call each route', () => {
  it('every API route has a declared expectation (and the table names no route the app no longer serves)', () => {
    const served = routes().filter((r) => !PUBLIC.has(r));
    expect(served.filter((r) => !ROUTES[r])).toEqual([]);
    expect(Object.keys(ROUTES).filter((r) => !served.includes(r))).toEqual([]);
  });

  it('every refused caller gets 403 problem+json FORBIDDEN (or the declared 404/400), and the store is unchanged afterwards', async () => {
    const before = await storeSnapshot();
    const wrong: string[] = [];
    const refused = cases().filter((k) => !k.allowed);
    await pool(refused, 4, async ({ route, c }) => {
      const e = ROUTES[route]!;
      const res = await call(route, e, e.fresh ? { ...c, user: await freshUser(c.role, c.own) } : c);
      const refusal = res.status === 403 && res.body?.code === 'FORBIDDEN' && /problem\+json/.test(String(res.headers['content-type']));
      const declared = (e.denied === 404 && res.status === 404) || (e.validatesFirst && res.status === 400);
      if (!refusal && !declared) wrong.push(`${route} as ${c.role}(${c.own ? 'own' : 'other'}): refused, got ${res.status} ${res.body?.code ?? ''}`);
    });
    expect(wrong.sort()).toEqual([]);
    expect(refused.length).toBeGreaterThan(500);
    const after = await storeSnapshot();
    // Fresh callers (logout-all, profile deletion) add users of their own; nothing else may differ.
    delete before.users; delete after.users;
    expect(after).toEqual(before);
  }, 300_000);

  it('every allowed caller is served (neither 401 nor 403): 2xx, or 4xx/409 from the route\'s own rules', async () => {
    const wrong: string[] = [];
    const allowed = cases().filter((k) => k.allowed);
    const check = async ({ route, c }: Case) => {
      const e = ROUTES[route]!;
      const res = await call(route, e, e.fresh ? { ...c, user: await freshUser(c.role, c.own) } : c);
      if (res.status === 401 || res.status === 403) wrong.push(`${route} as ${c.role}(${c.own ? 'own' : 'other'}): allowed, got ${res.status} ${res.body?.code ?? ''}`);
    };
    // Calls that end the resource (cancel, delete, decline) go last, so the others find it as it was.
    await pool(allowed.filter((k) => !DESTRUCTIVE.test(k.route)), 4, check);
    await pool(allowed.filter((k) => DESTRUCTIVE.test(k.route)), 1, check);
    expect(wrong.sort()).toEqual([]);
  }, 300_000);
});

describe('mass assignment: fields a caller may not set are refused with 400, and nothing is stored', () => {
  it('a volunteer cannot set their own hours, roles, reliability, stars, status or user id; staff cannot set a campaign\'s totals or status', async () => {
    const volunteer = await aVolunteer(api);
    const need = (await post(w.staff, '/api/v1/needs', aNeedBody({ shifts: [aShift(4 * DAY, 5)] })).expect(201)).body;
    const shiftUrl = `/api/v1/needs/${need.id}/shifts/${need.shifts[0].id}/enrollments`;
    const enrollmentId = (await post(volunteer, shiftUrl).expect(201)).body.id as string;
    const profile = (await request(api.url).get('/api/v1/me/volunteer-profile').set(bearer(volunteer)).expect(200)).body;
    const profileBody = aVolunteerProfileBody();
    const before = await storeSnapshot();
    const attempts: [TestUser, string, string, object][] = [];
    for (const extra of [{ hours: 1000 }, { verifiedMinutes: 60_000 }, { totalMinutes: 60_000 }, { roles: ['city_admin'] }, { scopes: { districtCode: '510104' } },
      { reliability: 1 }, { reliabilityScore: 100 }, { stars: 5 }, { status: 'verified' }, { userId: w.own.volunteer.id }, JSON.parse('{"__proto__":{"roles":["city_admin"]}}') as object]) {
      attempts.push([volunteer, 'PUT', '/api/v1/me/volunteer-profile', { ...profileBody, ...extra }]);
    }
    for (const extra of [{ status: 'confirmed' }, { userId: w.own.volunteer.id }, { hours: 10 }, { verifiedMinutes: 600 }]) {
      attempts.push([volunteer, 'POST', shiftUrl, extra]);
      attempts.push([volunteer, 'POST', `/api/v1/enrollments/${enrollmentId}/check-in`, { location: HERE, ...extra }]);
      attempts.push([volunteer, 'POST', `/api/v1/enrollments/${enrollmentId}/check-out`, { location: HERE, ...extra }]);
    }
    attempts.push([volunteer, 'POST', `/api/v1/campaigns/${w.campaignId}/donations`, { amountFen: 1000, status: 'paid' }]);
    attempts.push([volunteer, 'POST', `/api/v1/campaigns/${w.campaignId}/donations`, { amountFen: 1000, userId: w.own.donor.id }]);
    for (const extra of [{ raisedFen: 99_999_999 }, { tally: { raisedFen: 1 } }, { status: 'live' }, { organizationId: w.otherCharity.organizationId }, { matchedFen: 5 }]) {
      attempts.push([w.charity.orgAdmin, 'PATCH', `/api/v1/campaigns/${w.campaignId}`, extra]);
    }
    attempts.push([w.staff, 'POST', '/api/v1/needs', { ...aNeedBody(), status: 'published' }]);
    attempts.push([w.staff, 'POST', '/api/v1/needs', { ...aNeedBody(), organizationId: w.charity.organizationId }]);
    attempts.push([volunteer, 'POST', '/api/v1/elders', { ...anElderBody(), relatives: [volunteer.id] }]);
    const accepted: string[] = [];
    for (const [user, method, url, body] of attempts) {
      const req = request(api.url)[method.toLowerCase() as 'post'](url).set(bearer(user)).set('idempotency-key', randomUUID());
      const res = await req.send(body);
      if (res.status !== 400 || res.body.code !== 'VALIDATION_FAILED') accepted.push(`${method} ${url} ${JSON.stringify(body).slice(0, 80)} → ${res.status}`);
    }
    expect(accepted).toEqual([]);
    expect(attempts.length).toBeGreaterThan(30);
    expect(await storeSnapshot()).toEqual(before);
    // The snapshot leaves out the reconciled totals: the attempted ones must not be there either.
    const campaign = await api.runtime.infra.connection.db!.collection('campaigns').findOne({ _id: new Types.ObjectId(w.campaignId) });
    expect(campaign?.raisedFen).not.toBe(99_999_999);
    expect(campaign?.matchedFen).not.toBe(5);
    expect((await request(api.url).get('/api/v1/me/volunteer-profile').set(bearer(volunteer)).expect(200)).body).toEqual(profile);
    expect((await request(api.url).get('/api/v1/me').set(bearer(volunteer)).expect(200)).body.roles).toEqual(['volunteer']);
  }, 120_000);
});

describe('afterwards', () => {
  it('the invariants hold', async () => {
    await expectInvariants(api);
  });
});
