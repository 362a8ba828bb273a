import type { CheckInCodeView, CreateNeedBody, NeedView, Page } from '@tongxin/shared';
import { api } from '@/services/api';

export const communityNeedsKey = (communityCode: string) => ['staff', 'needs', communityCode] as const;
export const checkInCodeKey = (needId: string, shiftId: string) => ['staff', 'check-in-code', needId, shiftId] as const;

/** Open needs of the staff member's community, soonest first. */
export function fetchCommunityNeeds(communityCode: string): Promise<Page<NeedView>> {
  return api.get<Page<NeedView>>('/needs', { communityCode, limit: 50 });
}

export function postNeed(body: CreateNeedBody): Promise<NeedView> {
  return api.post<NeedView>('/needs', body);
}

/** The current rotating code of a shift (staff of the need's community only). */
export function fetchCheckInCode(needId: string, shiftId: string): Promise<CheckInCodeView> {
  return api.get<CheckInCodeView>(`/needs/${needId}/shifts/${shiftId}/check-in-code`);
}
