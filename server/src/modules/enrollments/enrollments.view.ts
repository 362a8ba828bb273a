import type { EnrollmentView } from '@tongxin/shared';
import type { EnrollmentRecord } from './enrollments.repository';

export function toEnrollmentView(e: EnrollmentRecord): EnrollmentView {
  return {
    id: e._id,
    needId: e.needId.toHexString(),
    shiftId: e.shiftId.toHexString(),
    status: e.status,
    ...(e.lateCancellation ? { lateCancellation: true } : {}),
    ...(e.confirmedAt ? { confirmation: 'confirmed' as const } : e.confirmationAskedAt ? { confirmation: 'unconfirmed' as const } : {}),
    ...(e.releasedUnconfirmed ? { releasedUnconfirmed: true } : {}),
    startsAt: e.startsAt.toISOString(),
    endsAt: e.endsAt.toISOString(),
    createdAt: e.createdAt.toISOString(),
  };
}
