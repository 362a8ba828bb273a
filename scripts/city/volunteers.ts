import type { Types } from 'mongoose';
import { SKILLS, skillsToMask, type SkillCode } from '@tongxin/shared';
import type { BulkWriter } from './bulk-writer';
import type { CityGeography, Home } from './geography';
import { CityRandom, WeightedPicker } from './random';

const DAY_MS = 86_400_000;
const SURNAMES = ['王', '李', '张', '刘', '陈', '杨', '黄', '赵', '吴', '周', '徐', '孙', '马', '朱', '胡', '郭', '何', '林', '罗', '高'];

type LifeStage = 'minor' | 'student' | 'worker' | 'retiree';

const STAGES = new WeightedPicker<{ stage: LifeStage; weight: number; ages: [number, number] }>([
  { stage: 'minor', weight: 2, ages: [12, 17] },
  { stage: 'student', weight: 16, ages: [18, 24] },
  { stage: 'worker', weight: 57, ages: [25, 59] },
  { stage: 'retiree', weight: 25, ages: [60, 78] },
], (s) => s.weight);

/**
 * Skill popularity, long-tailed: most volunteers offer common help (elderly care, cooking, child
 * care), few hold rare skills (sign language, legal aid, medical care). Weights by taxonomy order.
 */
const SKILL_WEIGHTS: Record<SkillCode, number> = {
  elderly_care: 100, disability_support: 18, child_care: 55, medical_care: 6, counseling: 8, legal_aid: 3,
  tutoring: 40, driving: 30, cooking: 60, sign_language: 1.5, foreign_language: 10, it_support: 14,
  emergency_rescue: 5, arts: 20, photography: 12, delivery: 16,
};
const SKILL_PICKER = new WeightedPicker(SKILLS.map((s) => s.code), (code) => SKILL_WEIGHTS[code]);

/** Availability bit of (day 0 = Monday, slot 0..3 = early, morning, afternoon, evening). */
const bit = (day: number, slot: number) => 2 ** (day * 4 + slot);

/** Typical weekly patterns by life stage, each slot then kept with some probability. */
function availabilityOf(random: CityRandom, stage: LifeStage): number {
  const wanted: Array<[number, number, number]> = []; // [day, slot, probability]
  for (let day = 0; day < 7; day++) {
    const weekend = day >= 5;
    for (let slot = 0; slot < 4; slot++) {
      let p = 0.02;
      if (stage === 'retiree') p = slot === 1 || slot === 2 ? 0.7 : slot === 0 ? 0.35 : 0.15;
      else if (stage === 'worker') p = weekend ? (slot === 3 ? 0.3 : 0.55) : slot === 3 ? 0.45 : 0.03;
      else p = weekend ? 0.6 : slot === 3 ? 0.35 : 0.05; // students and minors: weekends and some evenings
      wanted.push([day, slot, p]);
    }
  }
  let mask = 0;
  for (const [day, slot, p] of wanted) if (random.chance(p)) mask += bit(day, slot);
  return mask === 0 ? bit(5, 1) : mask; // everyone offers at least Saturday morning
}

function skillsOf(random: CityRandom, stage: LifeStage): SkillCode[] {
  const count = Math.min(5, Math.floor(-Math.log(1 - random.float()) * 1.4));
  const skills = new Set<SkillCode>();
  if (stage === 'retiree' && random.chance(0.5)) skills.add('elderly_care');
  if (stage === 'student' && random.chance(0.4)) skills.add('tutoring');
  while (skills.size < count) skills.add(SKILL_PICKER.pick(random));
  return [...skills].sort();
}

/**
 * Who offers meal delivery (送餐) beyond the long-tailed draw: the young-old helping older neighbours
 * (老帮老, the backbone of community meal delivery, and free at weekday lunchtimes) and people who
 * already drive. Drawn from a stream of its own, one draw per volunteer, so everything else the seed
 * makes (ids, homes, availability) is unchanged.
 */
const DELIVERY_HABIT = { retiree: 0.12, driving: 0.3 } as const;

function withDeliveryHabit(random: CityRandom, stage: LifeStage, skills: SkillCode[]): SkillCode[] {
  const p = (stage === 'retiree' ? DELIVERY_HABIT.retiree : 0) + (skills.includes('driving') ? DELIVERY_HABIT.driving : 0);
  const draw = random.chance(p);
  return draw && !skills.includes('delivery') ? [...skills, 'delivery' as const].sort() : skills;
}

const iso = (t: number) => new Date(t).toISOString().slice(0, 10);

/** What other generators need to know about each volunteer, kept compactly (2.4 M fit in ~60 MB). */
export class VolunteerRoster {
  readonly ids: Types.ObjectId[] = [];
  readonly communityIndex: number[] = [];
  /** Latent probability of turning up to a shift; drives the reliability history. */
  readonly reliability: number[] = [];

  get size(): number {
    return this.ids.length;
  }
}

export interface VolunteerOptions {
  count: number;
  now: Date;
  /** Also write a `users` account per volunteer (roles: volunteer). */
  accounts: boolean;
}

/**
 * Volunteer profiles in the `volunteer_profiles` shape (keyed by the user id), with real-name data as
 * masked values only: synthetic volunteers carry no sealed personal data, and their ID-number key is
 * `rid:synthetic:<id>`, which no real number can hash to.
 */
export async function generateVolunteers(
  random: CityRandom, geography: CityGeography, writer: BulkWriter, options: VolunteerOptions,
): Promise<VolunteerRoster> {
  const roster = new VolunteerRoster();
  const habits = random.fork('volunteers:delivery-habit');
  const communityIndex = new Map(geography.communities.map((c, i) => [c.code, i]));
  const now = options.now.getTime();
  for (let i = 0; i < options.count; i++) {
    const stage = STAGES.pick(random);
    const age = random.int(stage.ages[0], stage.ages[1]);
    const birth = now - age * 365.25 * DAY_MS - random.int(1, 364) * DAY_MS;
    const home: Home = geography.home(random);
    const createdAt = new Date(now - random.int(1, 730) * DAY_MS);
    const updatedAt = new Date(createdAt.getTime() + random.float() * (now - createdAt.getTime()));
    const id = random.objectId(createdAt);
    const skills = withDeliveryHabit(habits, stage.stage, skillsOf(random, stage.stage));
    const surname = random.pick(SURNAMES);
    const profile = {
      _id: id,
      residentIdKey: `rid:synthetic:${id.toHexString()}`,
      residentIdMasked: `5101**********${String(random.int(0, 9999)).padStart(4, '0')}`,
      realNameMasked: `${surname}*`,
      birthDate: iso(birth),
      gender: random.chance(0.55) ? 'female' : 'male',
      phoneMasked: `1${random.int(30, 99)}****${String(random.int(0, 9999)).padStart(4, '0')}`,
      skills,
      skillsMask: skillsToMask(skills),
      availabilityMask: availabilityOf(random, stage.stage),
      homeLocation: { lat: home.lat, lng: home.lng },
      serviceRadiusKm: random.pick([3, 5, 5, 5, 10, 10, 15, 20]),
      homeCommunityCode: home.communityCode,
      homeDistrictCode: home.districtCode,
      languages: random.chance(0.7) ? ['mandarin', 'sichuanese'] : ['mandarin'],
      ...(age < 14 ? {
        guardianConsent: { relation: 'parent', consentedOn: iso(createdAt.getTime()), guardianPhoneMasked: '139****0000' },
      } : {}),
      createdAt,
      updatedAt,
    };
    await writer.add('volunteer_profiles', profile);
    if (options.accounts) {
      await writer.add('users', { _id: id, displayName: `${surname}志愿者`, roles: ['volunteer'], scopes: {}, createdAt, updatedAt: createdAt });
    }
    roster.ids.push(id);
    roster.communityIndex.push(communityIndex.get(home.communityCode)!);
    // Most volunteers are dependable; a tail is not (Beta-like, mean ≈ 0.9).
    roster.reliability.push(Math.max(0.2, 1 - Math.abs(random.normal()) * 0.12));
  }
  return roster;
}
