import type { AttendanceProof, AttendanceView, HoursSummaryView, ServiceRecordsExport } from '@tongxin/shared';
import { api } from '@/services/api';

export const hoursKey = ['me', 'hours'] as const;
export const recordsKey = ['me', 'service-records'] as const;

export type AttendanceAction = 'check-in' | 'check-out';

export function recordAttendance(enrollmentId: string, action: AttendanceAction, proof: AttendanceProof): Promise<AttendanceView> {
  return api.post<AttendanceView>(`/enrollments/${enrollmentId}/${action}`, proof);
}

export function fetchHours(): Promise<HoursSummaryView> {
  return api.get<HoursSummaryView>('/me/hours');
}

export function fetchServiceRecords(): Promise<ServiceRecordsExport> {
  return api.get<ServiceRecordsExport>('/me/service-records', { format: 'json' });
}
