import { findRegion, type NeedStatus, type NeedView, type ShiftView } from '@tongxin/shared';
import type { NeedRecord, ShiftRecord } from './needs.repository';

export function toShiftView(shift: ShiftRecord): ShiftView {
  return {
    id: shift._id.toHexString(),
    startsAt: shift.startsAt.toISOString(),
    endsAt: shift.endsAt.toISOString(),
    capacity: shift.capacity,
    enrolled: shift.enrolled,
    slotsLeft: shift.slotsLeft,
  };
}

/**
 * Stored statuses are draft, open and cancelled; filled, in progress and completed follow from the
 * shifts and the clock, so no job has to keep them up to date.
 */
export function effectiveStatus(need: NeedRecord, now = Date.now()): NeedStatus {
  if (need.status !== 'open') return need.status;
  if (need.shifts.every((s) => s.endsAt.getTime() <= now)) return 'completed';
  if (need.shifts.some((s) => s.startsAt.getTime() <= now && now < s.endsAt.getTime())) return 'in_progress';
  if (need.shifts.filter((s) => s.startsAt.getTime() > now).every((s) => s.slotsLeft === 0)) return 'filled';
  return 'open';
}

export function toNeedView(need: NeedRecord): NeedView {
  return {
    id: need._id.toHexString(),
    title: need.title,
    description: need.description,
    category: need.category,
    beneficiaryType: need.beneficiaryType,
    communityCode: need.communityCode,
    communityName: findRegion(need.communityCode)?.name ?? need.communityCode,
    ...(need.location ? { location: { lat: need.location.lat, lng: need.location.lng } } : {}),
    requiredSkills: need.requiredSkills,
    status: effectiveStatus(need),
    shifts: need.shifts.map(toShiftView),
    createdAt: need.createdAt.toISOString(),
  };
}
