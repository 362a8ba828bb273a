import type { EnrollmentView, NeedView, Page } from '@tongxin/shared';
import { api } from '@/services/api';

export const enrollmentsKey = ['me', 'enrollments'] as const;
export const needKey = (id: string) => ['needs', id] as const;

export async function fetchMyEnrollments(): Promise<EnrollmentView[]> {
  return (await api.get<Page<EnrollmentView>>('/me/enrollments')).items;
}

export function fetchNeed(id: string): Promise<NeedView> {
  return api.get<NeedView>(`/needs/${id}`);
}

/** Signs up for a shift; with `waitlist` a full shift puts the volunteer on its waitlist instead of refusing. */
export function enroll(needId: string, shiftId: string, waitlist = false): Promise<EnrollmentView> {
  return api.post<EnrollmentView>(`/needs/${needId}/shifts/${shiftId}/enrollments`, { waitlist });
}

export function cancelEnrollment(enrollmentId: string): Promise<EnrollmentView> {
  return api.delete<EnrollmentView>(`/enrollments/${enrollmentId}`);
}
