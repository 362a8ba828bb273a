import type { EnrollmentView, ListNeedsQuery, NeedView, Page } from '@tongxin/shared';

/** The filters the needs square sends as plain query parameters. */
type NeedsSquareQuery = Partial<Pick<ListNeedsQuery, 'cursor' | 'communityCode' | 'districtCode' | 'category' | 'skill' | 'sort'>>;
import { api } from '@/services/api';

/** Page size of the needs square. */
export const NEEDS_PAGE_SIZE = 20;

/** Open needs with upcoming shifts, soonest first, one cursor page at a time. */
export function listOpenNeeds(query: NeedsSquareQuery = {}): Promise<Page<NeedView>> {
  return api.get<Page<NeedView>>('/needs', { limit: NEEDS_PAGE_SIZE, ...query });
}

/** Signs the current volunteer up for one shift; a full shift answers SHIFT_FULL. */
export function signUpForShift(needId: string, shiftId: string): Promise<EnrollmentView> {
  return api.post<EnrollmentView>(`/needs/${needId}/shifts/${shiftId}/enrollments`, {});
}
