import { Types } from 'mongoose';
import request from 'supertest';
import { startTestApi, type TestApi } from '../../helpers/test-api';
import { aNeedBody, aShift, COMMUNITY, OTHER_COMMUNITY } from '../../fixtures/needs';
import { aCommunityStaff, aUser, aVolunteer, bearer, type TestUser } from '../../fixtures/users';
import { bornYearsAgo } from '../../fixtures/resident-ids';

let api: TestApi;
let staff: TestUser;

beforeAll(async () => {
  api = await startTestApi();
  staff = await aCommunityStaff(api, COMMUNITY);
});
afterAll(() => api.stop());

const HOUR = 3_600_000;
const THIRD_COMMUNITY = '510104001003';
const readProfile = (reader: TestUser, volunteer: TestUser) => request(api.url).get(`/api/v1/volunteers/${volunteer.id}`).set(bearer(reader));

let hoursAhead = 48;
/** A need in COMMUNITY whose one shift starts later than every earlier one, so no two shifts of a volunteer overlap. */
async function postNeed(overrides: Parameters<typeof aNeedBody>[0] = {}) {
  hoursAhead += 3;
  const res = await request(api.url).post('/api/v1/needs').set(bearer(staff))
    .send(aNeedBody({ shifts: [aShift(hoursAhead * HOUR, 5)], ...overrides })).expect(201);
  return { needId: res.body.id as string, shiftId: res.body.shifts[0].id as string };
}

const signUp = (user: TestUser, { needId, shiftId }: { needId: string; shiftId: string }) =>
  request(api.url).post(`/api/v1/needs/${needId}/shifts/${shiftId}/enrollments`).set(bearer(user)).send({});

async function seatsTaken(needId: string): Promise<number> {
  return (await request(api.url).get(`/api/v1/needs/${needId}`).set(bearer(staff))).body.shifts[0].enrolled;
}

describe('GET /api/v1/volunteers/:id', () => {
  it('when staff of a need the volunteer signed up for read the profile, then it is masked: no home point, no birth date, no full name', async () => {
    const volunteer = await aVolunteer(api, { profile: { homeCommunityCode: OTHER_COMMUNITY } });
    expect((await readProfile(staff, volunteer)).status).toBe(403);
    await signUp(volunteer, await postNeed()).expect(201);

    const res = await readProfile(staff, volunteer);
    expect(res.status).toBe(200);
    expect(res.body).toMatchObject({
      userId: volunteer.id, realNameMasked: '王**', residentIdMasked: expect.stringMatching(/^5101\*{10}\d{3}[\dX]$/),
      ageBand: '18_34', gender: 'female', phone: '139****5678', homeCommunityCode: OTHER_COMMUNITY, hasGuardianConsent: false,
    });
    for (const hidden of ['homeLocation', 'realName', 'birthYear', 'birthDate', 'sealed']) expect(res.body).not.toHaveProperty(hidden);
  });

  it('when staff of the volunteer home community read it, then yes; staff of an unrelated community, then 403', async () => {
    const volunteer = await aVolunteer(api, { profile: { homeCommunityCode: OTHER_COMMUNITY } });
    await signUp(volunteer, await postNeed()).expect(201);
    expect((await readProfile(await aCommunityStaff(api, OTHER_COMMUNITY), volunteer)).status).toBe(200);
    const stranger = await readProfile(await aCommunityStaff(api, THIRD_COMMUNITY), volunteer);
    expect(stranger.status).toBe(403);
    expect(stranger.body.code).toBe('FORBIDDEN');
  });

  it('when another volunteer asks, then 403; the volunteer themself may read their own summary', async () => {
    const volunteer = await aVolunteer(api);
    expect((await readProfile(await aVolunteer(api), volunteer)).status).toBe(403);
    expect((await readProfile(volunteer, volunteer)).status).toBe(200);
  });

  it('when the id is not an object id or the profile does not exist, then 400 and (for authorized staff) 404', async () => {
    expect((await request(api.url).get('/api/v1/volunteers/not-an-id').set(bearer(staff))).status).toBe(400);
    const cityAdmin = await aUser(api, ['city_admin']);
    expect((await request(api.url).get(`/api/v1/volunteers/${new Types.ObjectId().toHexString()}`).set(bearer(cityAdmin))).status).toBe(404);
  });
});

describe('sign-up rules (POST /api/v1/needs/:id/shifts/:shiftId/enrollments)', () => {
  it('when the volunteer has no profile, then 403 VOLUNTEER_PROFILE_REQUIRED with a Chinese reason, and no seat is taken', async () => {
    const shift = await postNeed();
    const res = await signUp(await aVolunteer(api, { profile: false }), shift);
    expect(res.status).toBe(403);
    expect(res.body).toMatchObject({ code: 'VOLUNTEER_PROFILE_REQUIRED', detail: expect.stringContaining('身份证号码') });
    expect(await seatsTaken(shift.needId)).toBe(0);
  });

  it('when the profile lacks real-name data, then VOLUNTEER_PROFILE_REQUIRED', async () => {
    const volunteer = await aVolunteer(api, { profile: false });
    await request(api.url).put('/api/v1/me/volunteer-profile').set(bearer(volunteer)).send({ skills: ['elderly_care'] }).expect(200);
    expect((await signUp(volunteer, await postNeed())).body.code).toBe('VOLUNTEER_PROFILE_REQUIRED');
  });

  it('when a 16-year-old signs up, then adult-only categories answer AGE_RESTRICTED naming the category; minors-allowed ones accept', async () => {
    const teen = await aVolunteer(api, { profile: { birthDate: bornYearsAgo(16) } });
    const delivery = await postNeed({ category: 'meal_delivery', requiredSkills: [] });
    const refused = await signUp(teen, delivery);
    expect(refused.status).toBe(403);
    expect(refused.body).toMatchObject({ code: 'AGE_RESTRICTED', detail: expect.stringContaining('助餐送餐') });
    expect(await seatsTaken(delivery.needId)).toBe(0);
    await signUp(teen, await postNeed({ category: 'environment', requiredSkills: [] })).expect(201);
  });

  it('when a 12-year-old with a guardian consent record signs up for a minors-allowed need, then it is accepted', async () => {
    const child = await aVolunteer(api, {
      profile: {
        birthDate: bornYearsAgo(12),
        guardianConsent: { guardianName: '王建国', relation: 'father', guardianPhone: '13811112222', consentedOn: '2026-01-05' },
      },
    });
    await signUp(child, await postNeed({ category: 'culture', requiredSkills: [] })).expect(201);
    expect((await signUp(child, await postNeed({ category: 'health', requiredSkills: [] }))).body.code).toBe('AGE_RESTRICTED');
  });

  it('when a required skill is missing, then 403 SKILLS_MISSING naming it; with the skill, accepted', async () => {
    const shift = await postNeed({ requiredSkills: ['elderly_care', 'sign_language'] });
    const res = await signUp(await aVolunteer(api, { profile: { skills: ['elderly_care'] } }), shift);
    expect(res.status).toBe(403);
    expect(res.body).toMatchObject({ code: 'SKILLS_MISSING', detail: expect.stringContaining('手语') });
    await signUp(await aVolunteer(api, { profile: { skills: ['sign_language', 'elderly_care'] } }), shift).expect(201);
  });
});
