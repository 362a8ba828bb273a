import type { ListRuralProjectsQueryInput, Page, RuralProjectDetailView, RuralProjectListItem } from '@tongxin/shared';
import { api } from '@/services/api';

/** Filters the list page offers (county and category); the server validates them with the shared schema. */
export type RuralProjectFilters = Pick<ListRuralProjectsQueryInput, 'districtCode' | 'category'>;

export const ruralProjectsKey = (filters: RuralProjectFilters) => ['rural-projects', filters] as const;
export const ruralProjectKey = (id: string) => ['rural-projects', id] as const;

export function fetchRuralProjects(filters: RuralProjectFilters, cursor?: string): Promise<Page<RuralProjectListItem>> {
  return api.get<Page<RuralProjectListItem>>('/rural-projects', { ...filters, cursor, limit: 20 });
}

export function fetchRuralProject(id: string): Promise<RuralProjectDetailView> {
  return api.get<RuralProjectDetailView>(`/rural-projects/${id}`);
}
