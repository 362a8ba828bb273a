import { findRegion, type NeedStatus, type NeedView, type ShiftView } from '@tongxin/shared';
import type { NeedRecord, ShiftRecord } from './needs.repository';

/** Places taken per shift id. */
export type SeatCounts = ReadonlyMap<string, number>;

export function toShiftView(shift: ShiftRecord, taken: number): ShiftView {
  return {
    id: shift._id.toHexString(),
    startsAt: shift.startsAt.toISOString(),
    endsAt: shift.endsAt.toISOString(),
    capacity: shift.capacity,
    enrolled: taken,
    slotsLeft: Math.max(0, shift.capacity - taken),
  };
}

/**
 * Stored statuses are draft, open and cancelled; filled, in progress and completed follow from the
 * shifts, their places and the clock, so no job has to keep them up to date.
 */
export function effectiveStatus(need: NeedRecord, seats: SeatCounts, now = Date.now()): NeedStatus {
  if (need.status !== 'open') return need.status;
  if (need.shifts.every((s) => s.endsAt.getTime() <= now)) return 'completed';
  if (need.shifts.some((s) => s.startsAt.getTime() <= now && now < s.endsAt.getTime())) return 'in_progress';
  const upcoming = need.shifts.filter((s) => s.startsAt.getTime() > now);
  if (upcoming.every((s) => (seats.get(s._id.toHexString()) ?? 0) >= s.capacity)) return 'filled';
  return 'open';
}

export function toNeedView(need: NeedRecord, seats: SeatCounts): NeedView {
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
    status: effectiveStatus(need, seats),
    shifts: need.shifts.map((s) => toShiftView(s, seats.get(s._id.toHexString()) ?? 0)),
    ...(need.ruralProjectId ? { ruralProjectId: need.ruralProjectId } : {}),
    createdAt: need.createdAt.toISOString(),
  };
}

/** Builds views with the live places taken, read in one round trip for all shifts shown. */
export class NeedPresenter {
  constructor(private readonly seats: { taken(shiftIds: string[]): Promise<Map<string, number>> }) {}

  async present(need: NeedRecord): Promise<NeedView> {
    return (await this.presentMany([need]))[0]!;
  }

  async presentMany(needs: NeedRecord[]): Promise<NeedView[]> {
    const seats = await this.seats.taken(needs.flatMap((n) => n.shifts.map((s) => s._id.toHexString())));
    return needs.map((need) => toNeedView(need, seats));
  }
}
