import request from 'supertest';
import type { AuditEntryView } from '@tongxin/shared';
import { startTestApi, type TestApi } from '../../helpers/test-api';
import { aCommunityStaff, aUser, aVolunteer, bearer } from '../../fixtures/users';
import { aSignedUpShift, serve } from '../../fixtures/attendance';
import { COMMUNITY } from '../../fixtures/needs';
import { anOrganizationBody } from '../campaigns/campaign-fixtures';

let api: TestApi;

beforeAll(async () => {
  api = await startTestApi();
});
afterAll(() => api.stop());

const search = (token: { token: string; id: string }, query: Record<string, string> = {}) =>
  request(api.url).get('/api/v1/audit').query(query).set(bearer(token));

describe('GET /api/v1/audit', () => {
  it('when staff verify hours, then who, what, when and from where is on record for the district and the city', async () => {
    const staff = await aCommunityStaff(api, COMMUNITY);
    const shift = await aSignedUpShift(api, staff);
    const before = Date.now();
    await serve(api, staff, shift);
    await request(api.url).post(`/api/v1/enrollments/${shift.enrollmentId}/verify`).set(bearer(staff))
      .set('user-agent', 'AuditTest/1.0').send({ minutes: 45 }).expect(200);

    const districtAdmin = await aUser(api, ['district_admin'], { districtCode: '510104' });
    const found = await search(districtAdmin, { subjectId: shift.enrollmentId }).expect(200);
    expect(found.body.items).toHaveLength(1);
    const entry = found.body.items[0] as AuditEntryView;
    expect(entry).toMatchObject({
      actorId: staff.id, actorRoles: ['community_staff'], action: 'hours:verify',
      subject: { type: 'enrollment', id: shift.enrollmentId }, districtCode: '510104', communityCode: COMMUNITY,
      after: { verifiedMinutes: 45 }, userAgent: 'AuditTest/1.0',
    });
    expect(entry.ip).toMatch(/127\.0\.0\.1/);
    expect(entry.requestId).toEqual(expect.any(String));
    expect(new Date(entry.at).getTime()).toBeGreaterThanOrEqual(before);

    const city = await aUser(api, ['city_admin']);
    expect((await search(city, { subjectId: shift.enrollmentId }).expect(200)).body.items).toHaveLength(1);
  });

  it('when a district admin searches, then only their district is seen; another district or a volunteer is refused', async () => {
    const staff = await aCommunityStaff(api, COMMUNITY);
    const shift = await aSignedUpShift(api, staff);
    await serve(api, staff, shift, 30);

    const elsewhere = await aUser(api, ['district_admin'], { districtCode: '510105' });
    expect((await search(elsewhere, { subjectId: shift.enrollmentId }).expect(200)).body.items).toEqual([]);
    expect((await search(elsewhere, { districtCode: '510104' })).status).toBe(403);
    expect((await search(shift.volunteer)).status).toBe(403);
    expect((await search(staff)).status).toBe(403);
  });

  it('when a volunteer reads their own real-name profile, then the unmasked view is recorded', async () => {
    const volunteer = await aVolunteer(api);
    await request(api.url).get('/api/v1/me/volunteer-profile').set(bearer(volunteer)).expect(200);
    const city = await aUser(api, ['city_admin']);
    const found = await search(city, { actorId: volunteer.id, action: 'volunteer-profile:view-unmasked' }).expect(200);
    expect(found.body.items).toHaveLength(1);
    expect(found.body.items[0]).toMatchObject({ subject: { type: 'volunteer', id: volunteer.id }, before: null, after: null });
  });

  it('when an organization is suspended, then the status before and after is recorded without its contact', async () => {
    const city = await aUser(api, ['city_admin']);
    const id = (await request(api.url).post('/api/v1/organizations').set(bearer(city)).send(anOrganizationBody()).expect(201)).body.id;
    await request(api.url).patch(`/api/v1/organizations/${id}`).set(bearer(city)).send({ status: 'suspended' }).expect(200);
    const found = await search(city, { subjectType: 'organization', subjectId: id }).expect(200);
    expect(found.body.items.map((e: AuditEntryView) => e.action)).toEqual(['organization:update', 'organization:register']);
    expect(found.body.items[0]).toMatchObject({ before: { status: 'active' }, after: { status: 'suspended' } });
    expect(JSON.stringify(found.body.items)).not.toContain('13900000001');
  });

  it('when there are more entries than a page, then the cursor walks them newest first without repeats', async () => {
    const volunteer = await aVolunteer(api);
    for (let i = 0; i < 5; i++) await request(api.url).get('/api/v1/me/volunteer-profile').set(bearer(volunteer)).expect(200);
    const city = await aUser(api, ['city_admin']);
    const seen: string[] = [];
    let cursor: string | null = null;
    do {
      const page: request.Response = await search(city, { actorId: volunteer.id, limit: '2', ...(cursor ? { cursor } : {}) }).expect(200);
      seen.push(...page.body.items.map((e: AuditEntryView) => e.id));
      cursor = page.body.nextCursor;
    } while (cursor);
    // saveMine (the fixture's profile) and five reads.
    expect(seen).toHaveLength(6);
    expect(new Set(seen).size).toBe(6);
    expect([...seen].sort().reverse()).toEqual(seen);
  });

  it('when anyone tries to change or remove an entry, then there is no route, and the model itself refuses', async () => {
    const city = await aUser(api, ['city_admin']);
    const volunteer = await aVolunteer(api);
    const [entry] = (await search(city, { actorId: volunteer.id }).expect(200)).body.items as AuditEntryView[];
    for (const method of ['patch', 'put', 'delete'] as const) {
      expect((await request(api.url)[method](`/api/v1/audit/${entry!.id}`).set(bearer(city)).send({})).status).toBe(404);
    }
    const model = api.runtime.infra.connection.model('AuditEntry');
    await expect(model.updateOne({ _id: entry!.id }, { action: 'x:y' }).exec()).rejects.toThrow(/insert-only/);
    await expect(model.deleteOne({ _id: entry!.id }).exec()).rejects.toThrow(/insert-only/);
    expect((await search(city, { actorId: volunteer.id }).expect(200)).body.items[0]).toEqual(entry);
  });

  it('when the query carries an unknown field or an operator, then 400', async () => {
    const city = await aUser(api, ['city_admin']);
    expect((await search(city, { who: 'x' })).status).toBe(400);
    expect((await search(city, { action: 'DROP' })).status).toBe(400);
  });
});
