import {
  RURAL_PROJECT_CATEGORIES, RURAL_PROJECT_STATUSES, findRegion,
  type ProgressUpdateView, type RuralProjectView,
} from '@tongxin/shared';
import type { ProgressUpdateRecord, RuralProjectRecord } from './rural-projects.repository';

/** 区县 / 乡镇 / 村: the region and its ancestors below the city, by the region tree. */
export function regionPath(regionCode: string): string {
  const names: string[] = [];
  for (let code: string | null = regionCode; code; code = findRegion(code)?.parentCode ?? null) {
    const region = findRegion(code);
    if (!region || region.level === 'city') break;
    names.unshift(region.name);
  }
  return names.join(' / ');
}

export function toRuralProjectView(p: RuralProjectRecord): RuralProjectView {
  return {
    id: p._id.toHexString(),
    title: p.title,
    category: p.category,
    categoryLabel: RURAL_PROJECT_CATEGORIES.find((c) => c.code === p.category)?.label ?? p.category,
    description: p.description,
    regionCode: p.regionCode,
    regionPath: regionPath(p.regionCode),
    districtCode: p.districtCode,
    location: { lat: p.location.lat, lng: p.location.lng },
    ...(p.coverImageUrl ? { coverImageUrl: p.coverImageUrl } : {}),
    organizationId: p.organizationId,
    status: p.status,
    statusLabel: RURAL_PROJECT_STATUSES.find((s) => s.code === p.status)?.label ?? p.status,
    lastProgressOn: p.lastProgressOn ?? null,
    createdAt: p.createdAt.toISOString(),
    updatedAt: p.updatedAt.toISOString(),
  };
}

export function toProgressView(u: ProgressUpdateRecord): ProgressUpdateView {
  return {
    id: u._id.toHexString(), date: u.date, text: u.text,
    figures: u.figures.map((f) => ({ label: f.label, value: f.value, unit: f.unit })),
    createdAt: u.createdAt.toISOString(),
  };
}

/** The resource scope the access table reads: the organization, and the area for district admins. */
export function projectScope(p: Pick<RuralProjectRecord, 'organizationId' | 'regionCode'>) {
  return { organizationId: p.organizationId, communityCode: p.regionCode };
}
