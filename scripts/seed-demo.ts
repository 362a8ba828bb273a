// Seeds the small demo city idempotently: one account per role (SMS sign-in with the phones below)
// and a few open needs in a real community of the region tree. Calls module services, never models.
import {
  createNeedSchema, findRegion, FULL_AVAILABILITY, listNeedsQuerySchema, SKILL_CODES, volunteerProfileSchema, type CreateNeedBody, type Role, type Scopes,
} from '@tongxin/shared';
import { loadConfig } from '../server/src/config/config';
import { createCoreRuntime, type CoreRuntime, type Modules } from '../server/src/runtime';
import { phoneIdentity } from '../server/src/modules/auth';
import { isDuplicateKeyError, NotFoundError } from '../server/src/platform/errors';
import { generateCity } from './city/city';

const DEMO_COMMUNITY = '510104001001';

export const DEMO_ACCOUNTS: Array<{ phone: string; role: Role; scopes: Scopes; label: string }> = [
  { phone: '13800000001', role: 'volunteer', scopes: {}, label: '志愿者' },
  { phone: '13800000002', role: 'community_staff', scopes: { communityCode: DEMO_COMMUNITY }, label: '社区工作者' },
  { phone: '13800000003', role: 'meal_point_operator', scopes: {}, label: '助餐点' },
  { phone: '13800000004', role: 'org_admin', scopes: {}, label: '公益组织' },
  { phone: '13800000005', role: 'district_admin', scopes: { districtCode: '510104' }, label: '区民政局（锦江区）' },
  { phone: '13800000006', role: 'city_admin', scopes: {}, label: '市民政局' },
  { phone: '13800000007', role: 'donor', scopes: {}, label: '爱心人士' },
];

const DAY = 86_400_000;

function demoNeeds(now: number): CreateNeedBody[] {
  // Shifts on the coming days at 09:00 Asia/Shanghai (01:00 UTC).
  const at = (days: number, hourUtc: number) => new Date(Math.floor(now / DAY) * DAY + days * DAY + hourUtc * 3_600_000).toISOString();
  const shift = (days: number, capacity: number) => ({ startsAt: at(days, 1), endsAt: at(days, 3), capacity });
  return [
    { title: '陪伴独居老人散步聊天', description: '周末上午陪伴社区独居老人散步、聊天，请耐心细致。', category: 'elderly_visit',
      beneficiaryType: 'elderly_alone', communityCode: DEMO_COMMUNITY, requiredSkills: ['elderly_care'], shifts: [shift(2, 3), shift(9, 3)] },
    { title: '助餐点午餐送餐', description: '为行动不便的老人把午餐送到家，需要会骑电动车或驾车。', category: 'meal_delivery',
      beneficiaryType: 'elderly_alone', communityCode: DEMO_COMMUNITY, requiredSkills: ['delivery', 'cooking'], shifts: [shift(1, 2), shift(3, 2)] },
    { title: '困境儿童周末课业辅导', description: '为社区困境儿童辅导作业，陪伴阅读。', category: 'child_care',
      beneficiaryType: 'children_in_need', communityCode: DEMO_COMMUNITY, requiredSkills: ['tutoring'], shifts: [shift(4, 4)] },
    { title: '社区智能手机使用教学', description: '教老年居民用手机挂号、缴费、视频通话。', category: 'community_service',
      beneficiaryType: 'residents', communityCode: DEMO_COMMUNITY, requiredSkills: ['it_support'], shifts: [shift(5, 5)] },
  ];
}

async function seedAccounts(modules: Modules, piiHashKey: string): Promise<Map<Role, string>> {
  const ids = new Map<Role, string>();
  for (const account of DEMO_ACCOUNTS) {
    const actor = await modules.users.service.findOrCreateByIdentity(phoneIdentity(account.phone, piiHashKey));
    if (!actor.roles.includes(account.role)) await modules.users.service.grantRole(actor.userId, account.role, account.scopes);
    ids.set(account.role, actor.userId);
  }
  return ids;
}

async function seedNeeds(modules: Modules, staffId: string): Promise<number> {
  const staff = (await modules.users.service.getActor(staffId))!;
  const existing = await modules.needs.service.listOpenNeeds(staff, listNeedsQuerySchema.parse({ communityCode: DEMO_COMMUNITY, limit: 1 }));
  if (existing.items.length > 0) return 0;
  for (const need of demoNeeds(Date.now())) await modules.needs.service.createNeed(staff, createNeedSchema.parse(need));
  return demoNeeds(Date.now()).length;
}

/** The demo volunteer's real-name profile, so sign-up works out of the box (a fictional number with a valid check digit). */
async function seedVolunteerProfile(modules: Modules, volunteerId: string): Promise<void> {
  const actor = (await modules.users.service.getActor(volunteerId))!;
  const existing = await modules.volunteers.service.getMine(actor).catch((error: unknown) => {
    if (error instanceof NotFoundError) return null;
    throw error;
  });
  if (existing) return;
  await modules.volunteers.service.saveMine(actor, volunteerProfileSchema.parse({
    realName: '李志愿', residentId: '510104199005170028', skills: SKILL_CODES, availability: FULL_AVAILABILITY,
    homeLocation: { lat: 30.657, lng: 104.081 }, serviceRadiusKm: 5, homeCommunityCode: DEMO_COMMUNITY, languages: ['mandarin', 'sichuanese'],
  }));
}

/** Volunteers of the demo's synthetic population, so matching has people to rank out of the box. */
const DEMO_CITY_VOLUNTEERS = 1000;

/** The small synthetic city around the demo accounts, once per database (a marker document says it is there). */
async function seedDemoPopulation(runtime: CoreRuntime): Promise<boolean> {
  const db = runtime.infra.connection.db!;
  const marker = `demo-city:${DEMO_CITY_VOLUNTEERS}`;
  try {
    await db.collection<{ _id: string; at: Date }>('seed_markers').insertOne({ _id: marker, at: new Date() });
  } catch (error) {
    if (isDuplicateKeyError(error)) return false;
    throw error;
  }
  await generateCity(db, {
    seed: 42, volunteers: DEMO_CITY_VOLUNTEERS, now: new Date(), volunteerAccounts: true, enrollmentsPerVolunteer: 0.2, batchSize: 1000,
    log: () => undefined,
  });
  return true;
}

/** Seeds the demo city idempotently (accounts, needs, the demo volunteer's profile, a small synthetic population). */
export async function seedDemoCity(): Promise<void> {
  const config = loadConfig({ ...process.env, LOG_LEVEL: process.env.LOG_LEVEL ?? 'warn' });
  const runtime = await createCoreRuntime(config, { workers: false });
  try {
    const ids = await seedAccounts(runtime.modules, config.PII_HASH_KEY);
    const created = await seedNeeds(runtime.modules, ids.get('community_staff')!);
    await seedVolunteerProfile(runtime.modules, ids.get('volunteer')!);
    const populated = await seedDemoPopulation(runtime);
    console.log(`[seed] demo accounts ready; ${created > 0 ? `${created} needs created` : 'needs already present'}`);
    console.log(`[seed] demo community: ${findRegion(DEMO_COMMUNITY)?.name} (${DEMO_COMMUNITY})`);
    console.log(`[seed] synthetic population: ${populated ? `${DEMO_CITY_VOLUNTEERS} volunteers generated` : 'already present'}`);
    console.log('[seed] sign in on the H5 site with a phone below; the sandbox SMS code appears in the server log:');
    for (const a of DEMO_ACCOUNTS) console.log(`[seed]   ${a.phone}  ${a.label}`);
  } finally {
    await runtime.close();
  }
}

if (require.main === module) {
  seedDemoCity().catch((error: unknown) => {
    console.error(error);
    process.exit(1);
  });
}
