import type { Region } from '@tongxin/shared';
import { api } from '@/services/api';

/** The children of a region (divisions of the city when no parent is given); public and cacheable. */
export async function fetchRegions(parentCode?: string): Promise<Region[]> {
  const { items } = await api.get<{ items: Region[] }>('/regions', parentCode ? { parentCode } : { level: 'division' });
  return items;
}
