import type { Types } from 'mongoose';
import { RURAL_PROJECT_CATEGORIES, regionTree, type Region } from '@tongxin/shared';
import type { BulkWriter } from './bulk-writer';
import type { GeneratedOrganization } from './organizations';
import type { CityRandom } from './random';

const DAY_MS = 86_400_000;
const PRODUCE = ['柑橘', '猕猴桃', '茶叶', '枇杷', '李子', '竹编', '川芎', '黄桃'];
const FIGURES: Record<string, { label: string; unit: string; max: number }> = {
  industry: { label: '带动增收农户', unit: '户', max: 300 },
  education: { label: '支教课时', unit: '课时', max: 800 },
  ecommerce: { label: '帮销农产品', unit: '斤', max: 50_000 },
  medical: { label: '义诊人次', unit: '人次', max: 2_000 },
  culture: { label: '文化活动', unit: '场', max: 60 },
  ecology: { label: '治理河道', unit: '公里', max: 30 },
};

export interface GeneratedRuralProject {
  id: Types.ObjectId;
  organizationId: Types.ObjectId;
}

/** Villages (村) of the city's outer counties, where rural revitalization happens. */
function villages(): Region[] {
  return regionTree().filter((r) => r.level === 'community' && r.name.endsWith('村'));
}

/**
 * Rural revitalization projects (乡村振兴): one per organization, in a village drawn uniformly, most of
 * them active with two or three progress reports; the campaigns generator links its rural campaigns to them.
 */
export async function generateRuralProjects(
  random: CityRandom, writer: BulkWriter, organizations: GeneratedOrganization[], now: Date,
): Promise<Map<string, GeneratedRuralProject>> {
  const places = villages();
  const byOrganization = new Map<string, GeneratedRuralProject>();
  for (const organization of organizations) {
    const village = random.pick(places);
    const category = random.pick(RURAL_PROJECT_CATEGORIES);
    const produce = random.pick(PRODUCE);
    const createdAt = new Date(now.getTime() - random.int(30, 400) * DAY_MS);
    const id = random.objectId(createdAt);
    const reports = random.int(0, 3);
    const figure = FIGURES[category.code]!;
    let lastProgressOn: string | null = null;
    for (let n = 1; n <= reports; n++) {
      const at = new Date(createdAt.getTime() + Math.round(((now.getTime() - createdAt.getTime()) * n) / (reports + 1)));
      lastProgressOn = at.toISOString().slice(0, 10);
      await writer.add('rural_project_progress', {
        _id: random.objectId(at), projectId: id.toHexString(), date: lastProgressOn, text: `第 ${n} 期进展：${village.name}${category.label}稳步推进。`,
        figures: [{ label: figure.label, value: Math.round((figure.max * n) / reports), unit: figure.unit }],
        reportedBy: organization.adminId.toHexString(), createdAt: at,
      });
    }
    await writer.add('rural_projects', {
      _id: id, title: `${village.name}${produce}${category.label}`, category: category.code,
      description: `在${village.name}开展${category.label}，围绕${produce}产业组织志愿者和爱心人士共同参与。`,
      regionCode: village.code, districtCode: village.code.slice(0, 6), location: { lat: village.centre[0], lng: village.centre[1] },
      organizationId: organization.id.toHexString(), status: random.chance(0.8) ? 'active' : random.pick(['planning', 'completed'] as const),
      lastProgressOn, createdBy: organization.adminId.toHexString(), createdAt, updatedAt: createdAt,
    });
    byOrganization.set(organization.id.toHexString(), { id, organizationId: organization.id });
  }
  return byOrganization;
}
