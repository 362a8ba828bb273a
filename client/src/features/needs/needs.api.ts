import type { ListNeedsQuery, NeedView, Page } from '@tongxin/shared';
import { api } from '@/services/api';

/** Page size of the needs square. */
export const NEEDS_PAGE_SIZE = 20;

/** Open needs, newest first, one cursor page at a time. */
export function listOpenNeeds(query: Partial<ListNeedsQuery> = {}): Promise<Page<NeedView>> {
  return api.get<Page<NeedView>>('/needs', { limit: NEEDS_PAGE_SIZE, ...query });
}
