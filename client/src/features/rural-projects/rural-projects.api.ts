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

/** The most projects one map shows (the list pages on; the map asks for filters instead). */
export const MAP_PROJECTS_LIMIT = 100;

export const ruralProjectsMapKey = (filters: RuralProjectFilters) => ['rural-projects', 'map', filters] as const;

/** One page of up to MAP_PROJECTS_LIMIT projects for the map, newest first. */
export function fetchRuralProjectsForMap(filters: RuralProjectFilters): Promise<Page<RuralProjectListItem>> {
  return api.get<Page<RuralProjectListItem>>('/rural-projects', { ...filters, limit: MAP_PROJECTS_LIMIT });
}
