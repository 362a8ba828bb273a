import { Types } from 'mongoose';
import request from 'supertest';
import { startTestApi, type TestApi } from '../../helpers/test-api';
import { aUser, bearer, type TestUser } from '../../fixtures/users';
import { aResidentId, bornYearsAgo } from '../../fixtures/resident-ids';
import { aVolunteerProfileBody } from '../../fixtures/volunteer-profiles';
import { residentIdKey } from '../../../server/src/modules/volunteers/volunteers.pii';

let api: TestApi;

beforeAll(async () => {
  api = await startTestApi();
});
afterAll(() => api.stop());

const PATH = '/api/v1/me/volunteer-profile';
const put = (user: TestUser, body: unknown) => request(api.url).put(PATH).set(bearer(user)).send(body as object);
const newVolunteer = () => aUser(api, ['volunteer']);
const rawProfile = (userId: string) => api.runtime.infra.connection.collection('volunteer_profiles').findOne({ _id: new Types.ObjectId(userId) });
const rawKeys = (userId: string) => api.runtime.infra.connection.collection('volunteer_resident_ids').find({ userId: new Types.ObjectId(userId) }).toArray();
const CHINESE = /[\u4e00-\u9fa5]/;

describe('PUT /api/v1/me/volunteer-profile', () => {
  it('when a complete profile is saved, then the owner sees the ID masked, derived birth year, age band and gender, the rounded home point and 100 %', async () => {
    const volunteer = await newVolunteer();
    const residentId = aResidentId({ birthDate: '1990-05-17', gender: 'male' });
    const res = await put(volunteer, aVolunteerProfileBody({ residentId }));
    expect(res.status).toBe(200);
    expect(res.body).toMatchObject({
      userId: volunteer.id,
      realName: '王小明',
      residentIdMasked: `${residentId.slice(0, 4)}**********${residentId.slice(14)}`,
      birthYear: 1990,
      ageBand: expect.stringMatching(/^(18_34|35_59)$/),
      gender: 'male',
      phone: '139****5678',
      homeLocation: { lat: 30.657, lng: 104.081 },
      homeCommunityName: '幸福北社区',
      availability: { mask: 2 ** 28 - 1 },
      completeness: { percent: 100, missing: [] },
    });
    expect(res.body.availability.grid).toHaveLength(7);
    expect(JSON.stringify(res.body)).not.toContain(residentId);
    expect((await request(api.url).get(PATH).set(bearer(volunteer))).body).toEqual(res.body);
  });

  it('when the stored documents are read raw, then neither the ID number, the name nor the phone appears, and the key is its HMAC', async () => {
    const volunteer = await newVolunteer();
    const residentId = aResidentId();
    await put(volunteer, aVolunteerProfileBody({ residentId, realName: '李秀英', phone: '13712349876' })).expect(200);
    const raw = JSON.stringify(await rawProfile(volunteer.id));
    for (const secret of [residentId, residentId.slice(0, 17), residentId.slice(6, 14), '李秀英', '13712349876', '12349876']) {
      expect(raw).not.toContain(secret);
    }
    expect(raw).toMatch(/"sealed":"v1\.[\w-]+\.[\w-]+\.[\w-]+"/);
    expect(raw).toContain('"realNameMasked":"李**"');
    const keys = await rawKeys(volunteer.id);
    expect(keys.map((k) => k._id)).toEqual([residentIdKey(residentId, api.config.PII_HASH_KEY)]);
  });

  it('when the same ID number is used by a second account, then 409 RESIDENT_ID_TAKEN and the second profile is not stored', async () => {
    const [first, second] = [await newVolunteer(), await newVolunteer()];
    const residentId = aResidentId();
    await put(first, aVolunteerProfileBody({ residentId })).expect(200);
    const res = await put(second, aVolunteerProfileBody({ residentId: residentId.toLowerCase() }));
    expect(res.status).toBe(409);
    expect(res.body).toMatchObject({ code: 'RESIDENT_ID_TAKEN', title: '该身份证号码已被其他志愿者使用' });
    expect(await rawProfile(second.id)).toBeNull();
  });

  it('when five accounts race for one ID number, then exactly one holds it', async () => {
    const volunteers = await Promise.all(Array.from({ length: 5 }, newVolunteer));
    const residentId = aResidentId();
    const answers = await Promise.all(volunteers.map((v) => put(v, aVolunteerProfileBody({ residentId }))));
    expect(answers.map((a) => a.status).sort()).toEqual([200, 409, 409, 409, 409]);
  });

  it('when a volunteer corrects their ID number, then the old number is freed for its real owner', async () => {
    const [mistaken, owner] = [await newVolunteer(), await newVolunteer()];
    const [typo, correct] = [aResidentId(), aResidentId()];
    await put(mistaken, aVolunteerProfileBody({ residentId: typo })).expect(200);
    await put(mistaken, aVolunteerProfileBody({ residentId: correct })).expect(200);
    await put(owner, aVolunteerProfileBody({ residentId: typo })).expect(200);
    expect(await rawKeys(mistaken.id)).toHaveLength(1);
  });

  it('when a volunteer is under 14 without a guardian consent record, then 400 on guardianConsent; with one, saved and shown masked', async () => {
    const child = await newVolunteer();
    const body = aVolunteerProfileBody({ birthDate: bornYearsAgo(12) });
    const refused = await put(child, body);
    expect(refused.status).toBe(400);
    expect(refused.body.errors).toEqual([{ path: 'guardianConsent', message: expect.stringContaining('未满 14 周岁') }]);
    expect(await rawProfile(child.id)).toBeNull();
    expect(await rawKeys(child.id)).toHaveLength(0);

    const consent = { guardianName: '王建国', relation: 'father', guardianPhone: '13811112222', consentedOn: '2026-01-05' };
    const saved = await put(child, { ...body, guardianConsent: consent });
    expect(saved.status).toBe(200);
    expect(saved.body).toMatchObject({ ageBand: 'under_14', guardianConsent: { ...consent, guardianPhone: '138****2222' } });
    expect(JSON.stringify(await rawProfile(child.id))).not.toMatch(/王建国|13811112222/);
  });

  it('when only some fields are given, then completeness lists what is missing and a phone from SMS sign-in counts', async () => {
    const { users, auth: authModule } = api.runtime.modules;
    const me = await users.service.createUser({ displayName: '短信用户', roles: ['volunteer'], phone: '13655556666' });
    const volunteer = { id: me.id, token: (await authModule.issueTokens(me.id)).accessToken };
    const mondayMornings = Array.from({ length: 7 }, (_, day) => [day === 0, day === 0, false, false]);
    const res = await put(volunteer, { skills: ['elderly_care', 'driving'], availability: mondayMornings });
    expect(res.status).toBe(200);
    expect(res.body).toMatchObject({
      phone: '136****6666',
      skills: ['elderly_care', 'driving'],
      availability: { mask: 3 },
      completeness: { percent: 33, missing: ['realName', 'residentId', 'homeLocation', 'serviceRadiusKm', 'homeCommunityCode', 'languages'] },
    });
  });

  it('when there is no profile yet, then GET answers 404 in Chinese', async () => {
    const res = await request(api.url).get(PATH).set(bearer(await newVolunteer()));
    expect(res.status).toBe(404);
    expect(res.body.detail).toMatch(CHINESE);
  });
});

describe('PUT /api/v1/me/volunteer-profile with bad input', () => {
  it('when every field is invalid, then 400 with a Chinese message on each field and nothing stored', async () => {
    const volunteer = await newVolunteer();
    const valid = aResidentId();
    const res = await put(volunteer, {
      realName: 'Wang',
      residentId: valid.slice(0, 17) + (valid[17] === '0' ? '1' : '0'),
      phone: '12345',
      skills: ['flying'],
      availability: [[true]],
      homeLocation: { lat: 39.9, lng: 116.4 },
      serviceRadiusKm: 0.5,
      homeCommunityCode: '510104999999',
      languages: ['klingon'],
      guardianConsent: { guardianName: '王', relation: 'uncle', guardianPhone: '1', consentedOn: '2026/01/01' },
    });
    expect(res.status).toBe(400);
    const paths = res.body.errors.map((e: { path: string }) => e.path);
    for (const field of ['realName', 'residentId', 'phone', 'skills.0', 'availability', 'homeLocation.lat', 'homeLocation.lng', 'serviceRadiusKm',
      'homeCommunityCode', 'languages.0', 'guardianConsent.guardianName', 'guardianConsent.relation', 'guardianConsent.guardianPhone',
      'guardianConsent.consentedOn']) {
      expect(paths).toContain(field);
    }
    expect(res.body.errors.every((e: { message: string }) => CHINESE.test(e.message))).toBe(true);
    expect(res.body.errors.find((e: { path: string }) => e.path === 'residentId').message).toBe('身份证号码校验位不正确，请逐位核对');
    expect(await rawProfile(volunteer.id)).toBeNull();
  });

  it('when a body smuggles $ operators, unknown fields, oversized strings or wrong types, then 400 and nothing stored', async () => {
    const volunteer = await newVolunteer();
    const bodies = [
      { ...aVolunteerProfileBody(), residentId: { $ne: null } },
      { ...aVolunteerProfileBody(), $set: { skills: [] } },
      { ...aVolunteerProfileBody(), isAdmin: true },
      { ...aVolunteerProfileBody(), homeLocation: { lat: 30.6, lng: 104.0, precise: true } },
      { ...aVolunteerProfileBody(), realName: '王'.repeat(10_000) },
      { ...aVolunteerProfileBody(), residentId: '5'.repeat(5000) },
      { ...aVolunteerProfileBody(), serviceRadiusKm: '5' },
      { ...aVolunteerProfileBody(), skills: 'elderly_care' },
    ];
    for (const body of bodies) {
      const res = await put(volunteer, body);
      expect(res.status).toBe(400);
      expect(res.body.code).toBe('VALIDATION_FAILED');
    }
    expect(await rawProfile(volunteer.id)).toBeNull();
    expect(await rawKeys(volunteer.id)).toHaveLength(0);
  });

  it('when the name comes without the ID number, then 400 says both are needed', async () => {
    const res = await put(await newVolunteer(), { realName: '王小明' });
    expect(res.status).toBe(400);
    expect(res.body.errors).toEqual([{ path: 'residentId', message: '姓名和身份证号码须同时填写' }]);
  });

  it('when the ID number is born tomorrow or the consent is dated in the future, then 400 naming the date', async () => {
    const tomorrow = new Date(Date.now() + 2 * 86_400_000).toISOString().slice(0, 10);
    const res = await put(await newVolunteer(), {
      ...aVolunteerProfileBody({ birthDate: tomorrow }),
      guardianConsent: { guardianName: '王建国', relation: 'father', guardianPhone: '13811112222', consentedOn: tomorrow },
    });
    expect(res.status).toBe(400);
    expect(res.body.errors.map((e: { path: string }) => e.path)).toEqual(expect.arrayContaining(['residentId', 'guardianConsent.consentedOn']));
  });

  it('when the caller holds no volunteer role, then 403', async () => {
    const donor = await aUser(api, ['donor']);
    expect((await put(donor, aVolunteerProfileBody())).status).toBe(403);
  });
});
