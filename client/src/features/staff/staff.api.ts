import type { AttendanceView, CheckInCodeView, CreateNeedBody, FlaggedAttendanceView, NeedView, Page } from '@tongxin/shared';
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

export const flaggedKey = ['staff', 'attendance', 'flagged'] as const;

/** Attendance records of the staff member's community that need a look (auto check-out, far away, …). */
export async function fetchFlagged(): Promise<FlaggedAttendanceView[]> {
  return (await api.get<{ items: FlaggedAttendanceView[] }>('/attendance/flagged')).items;
}

/** Verifies the hours of one sign-up; without minutes the system minutes are confirmed. */
export function verifyHours(enrollmentId: string, minutes?: number): Promise<AttendanceView> {
  return api.post<AttendanceView>(`/enrollments/${enrollmentId}/verify`, minutes === undefined ? {} : { minutes });
}

/** Marks a flagged record as looked at. */
export function markReviewed(enrollmentId: string): Promise<unknown> {
  return api.post<unknown>(`/enrollments/${enrollmentId}/attendance-review`, {});
}
