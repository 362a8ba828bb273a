// The baselines `bench:match` measures the index against, with the same filters and score.
import { Redis } from 'ioredis';
import type { mongo } from 'mongoose';
import { skillsFromMask } from '@tongxin/shared';
import { VolunteerColumns } from '../../server/src/modules/matching/index/columns';
import { entryOf, reliabilityByte } from '../../server/src/modules/matching/index/entries';
import type { MatchIndex } from '../../server/src/modules/matching/index/match-index';
import { evaluate, type PreparedQuery } from '../../server/src/modules/matching/index/scoring';
import { TopK } from '../../server/src/modules/matching/index/top-k';

const GEO_KEY = 'bench:match:homes';

/** Loads every indexed home into a Redis geo set (members are `main` row numbers). */
export async function loadRedisGeo(redis: Redis, index: MatchIndex): Promise<void> {
  await redis.del(GEO_KEY);
  const { main } = index;
  for (let start = 0; start < main.count; start += 20_000) {
    const args: Array<string | number> = [];
    for (let r = start; r < Math.min(main.count, start + 20_000); r++) args.push(main.lng[r]!, main.lat[r]!, r);
    await redis.geoadd(GEO_KEY, ...args);
  }
}

/** (b) GEOSEARCH by radius, then the same filters and score over the rows it returns. */
export async function redisGeoQuery(redis: Redis, index: MatchIndex, q: PreparedQuery): Promise<number> {
  const members = (await redis.geosearch(GEO_KEY, 'FROMLONLAT', q.lng, q.lat, 'BYRADIUS', q.radiusKm, 'km')) as string[];
  const top = new TopK(q.limit);
  for (const member of members) {
    const r = Number(member);
    const score = evaluate(index.main, r, q);
    if (score >= 0 && top.accepts(score, index.main, r)) top.insert(score, index.main, r);
  }
  return top.items.length;
}

/**
 * (c) The store: the indexed equalities a MongoDB deployment would use (home district, one required
 * skill), then distance, filters and score in code over what comes back.
 */
export async function storeQuery(
  db: mongo.Db, q: PreparedQuery, districtCode: string,
): Promise<number> {
  const [skill] = skillsFromMask(q.requiredSkills);
  const filter = { homeDistrictCode: districtCode, ...(skill ? { skills: skill } : {}) };
  const cursor = db.collection('volunteer_profiles').find(filter, {
    projection: { homeLocation: 1, skillsMask: 1, availabilityMask: 1, birthDate: 1, serviceRadiusKm: 1, homeCommunityCode: 1, residentIdKey: 1, guardianConsent: 1, updatedAt: 1 },
    batchSize: 5000,
  });
  const rows = new VolunteerColumns(1024);
  for await (const p of cursor) {
    if (!p.homeLocation) continue;
    rows.push(entryOf({
      id: p._id.toHexString(), location: p.homeLocation, skillsMask: p.skillsMask, availabilityMask: p.availabilityMask, birthDate: p.birthDate,
      serviceRadiusKm: p.serviceRadiusKm, homeCommunityCode: p.homeCommunityCode, realNameVerified: p.residentIdKey !== undefined,
      guardianConsent: p.guardianConsent !== undefined, deactivated: false, updatedAt: p.updatedAt,
    }, reliabilityByte(undefined)));
  }
  const top = new TopK(q.limit);
  for (let r = 0; r < rows.count; r++) {
    const score = evaluate(rows, r, q);
    if (score >= 0 && top.accepts(score, rows, r)) top.insert(score, rows, r);
  }
  return top.items.length;
}

export function percentile(samples: number[], p: number): number {
  const sorted = [...samples].sort((a, b) => a - b);
  return sorted[Math.min(sorted.length - 1, Math.floor((p / 100) * sorted.length))] ?? NaN;
}
