import type { Types } from 'mongoose';
import { BENEFICIARY_TYPES, CATEGORY_SKILLS, NEED_CATEGORIES, type NeedCategory } from '@tongxin/shared';
import type { BulkWriter } from './bulk-writer';
import type { CityGeography } from './geography';
import type { CommunityStaff } from './people';
import type { CityRandom } from './random';

const HOUR_MS = 3_600_000;
const DAY_MS = 24 * HOUR_MS;
/** Start hours, Asia/Shanghai wall clock: morning, afternoon, evening. */
const START_HOURS = [9, 9, 14, 14, 19];


const TITLES: Record<NeedCategory, string> = {
  elderly_visit: '探访独居老人', meal_delivery: '助餐点送餐', community_service: '社区便民服务', child_care: '困境儿童陪伴', disability_support: '助残出行',
  health: '社区义诊', legal_aid: '法律咨询进社区', environment: '河道清洁', culture: '社区文艺活动', emergency: '应急演练保障', rural_revitalization: '乡村振兴助学',
};

export interface GeneratedShift {
  needId: Types.ObjectId;
  shiftId: Types.ObjectId;
  communityCode: string;
  needTitle: string;
  startsAt: Date;
  endsAt: Date;
  capacity: number;
}

export interface NeedOptions {
  count: number;
  now: Date;
  /** Days from now to the first and last possible shift (negative: in the past). */
  fromDay: number;
  toDay: number;
}

/** Open needs with 1–3 shifts each, posted by their community's worker, in communities drawn by population. */
export async function generateNeeds(
  random: CityRandom, geography: CityGeography, writer: BulkWriter, staff: CommunityStaff, options: NeedOptions,
): Promise<GeneratedShift[]> {
  const shifts: GeneratedShift[] = [];
  const today = Math.floor(options.now.getTime() / DAY_MS) * DAY_MS;
  for (let i = 0; i < options.count; i++) {
    const community = geography.community(random);
    const category = random.pick(NEED_CATEGORIES).code;
    const candidates = CATEGORY_SKILLS[category];
    const requiredSkills = candidates.length > 0 && random.chance(0.6) ? [random.pick(candidates)] : [];
    const createdBy = await staff.of(community.code);
    const createdAt = new Date(Math.min(options.now.getTime(), today + options.fromDay * DAY_MS) - random.int(1, 10) * DAY_MS);
    const needId = random.objectId(createdAt);
    const title = `${community.name}${TITLES[category]}`;
    const needShifts = Array.from({ length: random.int(1, 3) }, () => {
      const startsAt = new Date(today + random.int(options.fromDay, options.toDay) * DAY_MS + (random.pick(START_HOURS) - 8) * HOUR_MS);
      return { _id: random.objectId(createdAt), startsAt, endsAt: new Date(startsAt.getTime() + random.int(2, 3) * HOUR_MS), capacity: random.int(2, 12) };
    });
    await writer.add('needs', {
      _id: needId, title, description: `${title}，欢迎附近的志愿者报名。`, category, beneficiaryType: random.pick(BENEFICIARY_TYPES).code,
      communityCode: community.code, districtCode: community.code.slice(0, 6), location: geography.pointIn(random, community), requiredSkills,
      status: 'open', shifts: needShifts, createdBy, createdAt, updatedAt: createdAt, __v: 0,
    });
    for (const s of needShifts) {
      shifts.push({ needId, shiftId: s._id, communityCode: community.code, needTitle: title, startsAt: s.startsAt, endsAt: s.endsAt, capacity: s.capacity });
    }
  }
  return shifts;
}
