// The synthetic city and shifts `bench:match` and `match-profile` query: volunteers of seed 42 straight
// into index rows (as the store would give them) and 1,000 random shifts, central and rural.
import { NEED_CATEGORIES, CATEGORY_SKILLS } from '@tongxin/shared';
import { prepareQuery } from '../../server/src/modules/matching/index/query';
import type { PreparedQuery } from '../../server/src/modules/matching/index/scoring';
import type { BulkWriter } from '../city/bulk-writer';
import { generateVolunteers } from '../city/volunteers';
import { VolunteerColumns } from '../../server/src/modules/matching/index/columns';
import { entryOf, reliabilityByte } from '../../server/src/modules/matching/index/entries';
import { MatchIndex } from '../../server/src/modules/matching/index/match-index';
import { CityGeography } from '../city/geography';
import { CityRandom } from '../city/random';

const HOUR = 3_600_000;
const DAY = 24 * HOUR;
const WEEKLY_CAP_MINUTES = 12 * 60;

export interface BenchQuery { q: PreparedQuery; startMs: number; endMs: number; districtCode: string; rural: boolean }

/** Shifts in communities drawn by population (so central districts dominate, rural counties appear), 09:00/14:00/19:00 in the next two weeks. */
export function randomShifts(count: number): BenchQuery[] {
  const random = new CityRandom(7, 'bench-shifts');
  const geography = new CityGeography();
  const today = Math.floor(Date.now() / DAY) * DAY;
  return Array.from({ length: count }, () => {
    const community = geography.community(random);
    const category = random.pick(NEED_CATEGORIES).code;
    const skills = CATEGORY_SKILLS[category];
    const startsAt = new Date(today + random.int(1, 14) * DAY + (random.pick([9, 14, 19]) - 8) * HOUR);
    const endsAt = new Date(startsAt.getTime() + 2 * HOUR);
    const q = prepareQuery({
      location: geography.pointIn(random, community), radiusKm: 10, category,
      requiredSkills: skills.length > 0 && random.chance(0.6) ? [random.pick(skills)] : [],
      startsAt, endsAt, communityCode: community.code, limit: 20,
    }, WEEKLY_CAP_MINUTES);
    const division = geography.divisions.find((d) => d.code === community.code.slice(0, 6))!;
    return { q, startMs: startsAt.getTime(), endMs: endsAt.getTime(), districtCode: division.code, rural: !['510104', '510105', '510106', '510107', '510108'].includes(division.code) };
  });
}

/** The synthetic city's volunteers (seed 42) straight into index rows, as the store would give them. */
export async function generatedIndex(count: number): Promise<MatchIndex> {
  const staging = new VolunteerColumns(count);
  const sink = {
    add: async (collection: string, p: Record<string, any>) => {
      if (collection !== 'volunteer_profiles') return;
      staging.push(entryOf({
        id: p._id.toHexString(), location: p.homeLocation, skillsMask: p.skillsMask, availabilityMask: p.availabilityMask, birthDate: p.birthDate,
        serviceRadiusKm: p.serviceRadiusKm, homeCommunityCode: p.homeCommunityCode, realNameVerified: true, guardianConsent: p.guardianConsent !== undefined,
        deactivated: false, updatedAt: p.updatedAt,
      }, reliabilityByte(undefined)));
    },
  };
  await generateVolunteers(new CityRandom(42).fork('volunteers'), new CityGeography(), sink as unknown as BulkWriter, { count, now: new Date(), accounts: false });
  return MatchIndex.build(staging);
}

