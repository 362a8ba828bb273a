import mongoose from 'mongoose';
import { findRegion, hasAllSkills, skillsToMask } from '@tongxin/shared';
import { generateCity, type CityOptions } from '../../../scripts/city/city';
import { testConfig } from '../../helpers/test-config';
import { dropTestState } from '../../helpers/test-state';

const NOW = new Date('2026-12-01T00:00:00Z');
const options = (seed: number): CityOptions => ({
  seed, volunteers: 400, now: NOW, volunteerAccounts: true, enrollmentsPerVolunteer: 0.2, batchSize: 150, log: () => undefined,
});

async function dump(connection: mongoose.Connection, collection: string) {
  return connection.db!.collection(collection).find({}).sort({ _id: 1 }).toArray();
}

describe('synthetic city generator', () => {
  const configs = [testConfig(), testConfig(), testConfig()];
  const connections: mongoose.Connection[] = [];

  beforeAll(async () => {
    for (const config of configs) connections.push(await mongoose.createConnection(config.MONGODB_URI, { dbName: config.MONGODB_DB }).asPromise());
  });
  afterAll(async () => {
    for (const connection of connections) await connection.close();
    for (const config of configs) await dropTestState(config);
  });

  it('when the same seed is generated twice, then both stores hold identical documents; another seed differs', async () => {
    const [a, b, c] = connections as [mongoose.Connection, mongoose.Connection, mongoose.Connection];
    const report = await generateCity(a.db!, options(7));
    await generateCity(b.db!, options(7));
    await generateCity(c.db!, options(8));
    expect(report.docsPerSecond).toBeGreaterThan(0);
    for (const collection of ['volunteer_profiles', 'users', 'needs', 'enrollments', 'reliability_events', 'campaigns', 'organizations', 'rural_projects']) {
      const [left, right] = [await dump(a, collection), await dump(b, collection)];
      expect(left.length).toBeGreaterThan(0);
      expect(right).toEqual(left);
    }
    expect(await dump(c, 'volunteer_profiles')).not.toEqual(await dump(a, 'volunteer_profiles'));
  });

  it('when generated, then volunteers live in real communities near them, with consistent masks and proportionate needs', async () => {
    const db = connections[0]!.db!;
    const profiles = await db.collection('volunteer_profiles').find({}).toArray();
    expect(profiles).toHaveLength(400);
    const byDivision = new Map<string, number>();
    for (const p of profiles) {
      const community = findRegion(p.homeCommunityCode as string)!;
      expect(community.level).toBe('community');
      expect(Math.abs(p.homeLocation.lat - community.centre[0])).toBeLessThan(0.05);
      expect(p.skillsMask).toBe(skillsToMask(p.skills));
      expect(p.availabilityMask).toBeGreaterThan(0);
      byDivision.set(p.homeDistrictCode as string, (byDivision.get(p.homeDistrictCode as string) ?? 0) + 1);
    }
    // Homes follow the census: populous divisions hold more volunteers than the smallest ones.
    expect(Math.max(...byDivision.values())).toBeGreaterThan(3 * Math.min(...byDivision.values()));
    const withRareSkill = profiles.filter((p) => hasAllSkills(p.skillsMask as number, skillsToMask(['sign_language']))).length;
    const withCommonSkill = profiles.filter((p) => hasAllSkills(p.skillsMask as number, skillsToMask(['elderly_care']))).length;
    expect(withCommonSkill).toBeGreaterThan(5 * Math.max(1, withRareSkill));
    // Meal delivery (送餐): a minority skill, far commoner among retirees (老帮老); some who drive have not chosen it.
    const delivers = (p: (typeof profiles)[number]) => (p.skills as string[]).includes('delivery');
    const retired = (p: (typeof profiles)[number]) => Number(String(p.birthDate).slice(0, 4)) <= NOW.getUTCFullYear() - 61;
    const share = (group: typeof profiles) => group.filter(delivers).length / Math.max(1, group.length);
    expect(share(profiles)).toBeGreaterThan(0.04);
    expect(share(profiles)).toBeLessThan(0.16);
    expect(share(profiles.filter(retired))).toBeGreaterThan(share(profiles.filter((p) => !retired(p))));
    expect(profiles.filter((p) => (p.skills as string[]).includes('driving') && !delivers(p)).length).toBeGreaterThan(0);
    expect(await db.collection('needs').countDocuments()).toBeGreaterThanOrEqual(40);
    const enrollments = await db.collection('enrollments').find({}).toArray();
    expect(enrollments.length).toBeGreaterThan(40);
    const facts = await db.collection('reliability_events').countDocuments();
    expect(facts).toBe(enrollments.length);
  });
});
