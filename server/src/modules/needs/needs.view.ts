import { findRegion, type NeedView, type ShiftView } from '@tongxin/shared';
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
    status: need.status,
    shifts: need.shifts.map(toShiftView),
    createdAt: need.createdAt.toISOString(),
  };
}
