import type { Types } from 'mongoose';
import {
  CAMPAIGN_CATEGORIES, CIVIL_AFFAIRS_CATEGORY, CREDIT_CODE_ALPHABET, creditCodeCheckChar, ORGANIZATION_TYPES, type CampaignCategory,
} from '@tongxin/shared';
import type { BulkWriter } from './bulk-writer';
import type { CityGeography } from './geography';
import type { CityRandom } from './random';

const DAY_MS = 86_400_000;
const ORG_WORDS = ['同心', '爱心', '阳光', '蓉城', '天府', '善行', '益路', '暖阳', '守望', '星火', '共建', '邻里'];
const ORG_KINDS = ['志愿服务协会', '社会工作服务中心', '公益基金会', '助老服务社', '青少年发展中心'];

export interface GeneratedOrganization {
  id: Types.ObjectId;
  adminId: Types.ObjectId;
  districtCode: string;
}

export interface GeneratedCampaign {
  id: Types.ObjectId;
  organizationId: Types.ObjectId;
  category: CampaignCategory;
  communityCode: string;
  status: 'live' | 'ended';
}

function creditCode(random: CityRandom, type: keyof typeof CIVIL_AFFAIRS_CATEGORY, districtCode: string): string {
  let body = `5${CIVIL_AFFAIRS_CATEGORY[type]}${districtCode}`;
  while (body.length < 17) body += random.pick(CREDIT_CODE_ALPHABET.split(''));
  return body + creditCodeCheckChar(body)!;
}

/** Registered charities with one admin account each, and their credit-code claims (`organization_credit_codes`). */
export async function generateOrganizations(
  random: CityRandom, geography: CityGeography, writer: BulkWriter, count: number, now: Date,
): Promise<GeneratedOrganization[]> {
  const organizations: GeneratedOrganization[] = [];
  for (let i = 0; i < count; i++) {
    const createdAt = new Date(now.getTime() - random.int(60, 2000) * DAY_MS);
    const id = random.objectId(createdAt);
    const adminId = random.objectId(createdAt);
    const districtCode = geography.community(random).code.slice(0, 6);
    const type = random.pick(ORGANIZATION_TYPES).code;
    const code = creditCode(random, type, districtCode);
    await writer.add('users', {
      _id: adminId, displayName: '机构管理员', roles: ['org_admin'], scopes: { organizationId: id.toHexString() }, createdAt, updatedAt: createdAt,
    });
    await writer.add('organizations', {
      _id: id, name: `成都市${random.pick(ORG_WORDS)}${random.pick(ORG_KINDS)}${i + 1}`, creditCode: code, type,
      registeringAuthority: '成都市民政局', ...(type === 'foundation' ? { fundraisingQualification: { recordNumber: `川民募${i + 1}` } } : {}),
      grade: random.pick(['3A', '4A', '5A']), contact: { name: '联系人', phone: '028****0000' }, status: 'active',
      createdBy: adminId, createdAt, updatedAt: createdAt,
    });
    await writer.add('organization_credit_codes', { _id: code, organizationId: id, createdAt });
    organizations.push({ id, adminId, districtCode });
  }
  return organizations;
}

/** Fundraising campaigns: most live now, some ended; each tied to a community of its organization's district. */
export async function generateCampaigns(
  random: CityRandom, geography: CityGeography, writer: BulkWriter, organizations: GeneratedOrganization[], perOrganization: number, now: Date,
  ruralProjects: ReadonlyMap<string, { id: Types.ObjectId }> = new Map(),
): Promise<GeneratedCampaign[]> {
  const campaigns: GeneratedCampaign[] = [];
  for (const organization of organizations) {
    for (let n = 0; n < perOrganization; n++) {
      const startsAt = new Date(now.getTime() - random.int(1, 120) * DAY_MS);
      const endsAt = new Date(startsAt.getTime() + random.int(30, 180) * DAY_MS);
      const status = endsAt > now ? 'live' : 'ended';
      const category = random.pick(CAMPAIGN_CATEGORIES);
      const community = geography.communityIn(random, organization.districtCode);
      const goalFen = random.int(10, 500) * 100_000;
      const id = random.objectId(startsAt);
      await writer.add('campaigns', {
        _id: id, organizationId: organization.id, title: `${community.name}${category.label}项目`, summary: `为${community.name}开展${category.label}。`,
        goalFen, startsAt, endsAt, beneficiary: { kind: category.code, description: `${community.name}居民` }, category: category.code,
        budgetLines: [{ item: '项目执行', amountFen: goalFen }], filing: { number: `备${id.toHexString().slice(-8)}`, filedAt: startsAt },
        ...(category.code === 'rural_revitalization' && ruralProjects.has(organization.id.toHexString())
          ? { ruralProjectId: ruralProjects.get(organization.id.toHexString())!.id } : {}),
        communityCode: community.code, status, raisedFen: 0, matchedFen: 0, donorCount: 0, tallySeq: 0, audit: [],
        createdBy: organization.adminId, createdAt: startsAt, updatedAt: startsAt,
      });
      campaigns.push({ id, organizationId: organization.id, category: category.code, communityCode: community.code, status });
    }
  }
  return campaigns;
}
