import type { StatsChildren, StatsGapList, StatsMealPointList, StatsOverview, StatsUnfilledNeedList } from '@tongxin/shared';
import { api } from '@/services/api';
import { API_BASE } from '@/services/endpoints';
import { session } from '@/services/session';

export interface DashboardQuery {
  areaCode?: string;
  from: string;
  to: string;
}

const q = ({ areaCode, from, to }: DashboardQuery) => ({ ...(areaCode ? { areaCode } : {}), from, to });

export const dashboardKey = (query: DashboardQuery) => ['stats', 'dashboard', query.areaCode ?? '', query.from, query.to] as const;

export const fetchOverview = (query: DashboardQuery) => api.get<StatsOverview>('/stats/overview', q(query));
export const fetchChildren = (query: DashboardQuery) => api.get<StatsChildren>('/stats/children', q(query));
export const fetchMealPoints = (query: DashboardQuery) => api.get<StatsMealPointList>('/stats/meal-points', q(query));
export const fetchUnfilled = (areaCode?: string) => api.get<StatsUnfilledNeedList>('/stats/unfilled-needs', areaCode ? { areaCode } : {});
export const fetchGaps = (areaCode?: string) => api.get<StatsGapList>('/stats/gaps', areaCode ? { areaCode } : {});

/** Downloads a streamed CSV export (H5: the token goes in a header, so a plain link would not do). */
export async function downloadCsv(table: 'overview' | 'areas', query: DashboardQuery): Promise<void> {
  const params = new URLSearchParams(q(query)).toString();
  const res = await fetch(`${API_BASE}/stats/exports/${table}.csv?${params}`, { headers: { Authorization: `Bearer ${session.accessToken() ?? ''}` } });
  if (!res.ok) throw new Error(`export failed: ${res.status}`);
  const url = URL.createObjectURL(await res.blob());
  const link = document.createElement('a');
  link.href = url;
  link.download = `${table}-${query.areaCode ?? 'all'}-${query.from}-${query.to}.csv`;
  link.click();
  setTimeout(() => URL.revokeObjectURL(url), 10_000);
}
