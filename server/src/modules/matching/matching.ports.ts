import { listNeedsQuerySchema, type Actor } from '@tongxin/shared';
import type { NeedsService, ShiftSlot } from '../needs';
import type { MatchableShift } from './matching.service';

function shiftOf({ need, shift }: ShiftSlot, slotsLeft: number): MatchableShift {
  return {
    needId: need._id.toHexString(), shiftId: shift._id.toHexString(), title: need.title, category: need.category,
    communityCode: need.communityCode, ...(need.organizationId ? { organizationId: need.organizationId } : {}),
    ...(need.location ? { location: need.location } : {}), requiredSkills: need.requiredSkills,
    startsAt: shift.startsAt, endsAt: shift.endsAt, slotsLeft,
  };
}

/** Open shifts through the needs module's service (its search, its seat counts). */
export function needsShiftPorts(needs: NeedsService) {
  return {
    openShift: async (needId: string, shiftId: string): Promise<MatchableShift> => {
      const slot = await needs.openShift(needId, shiftId);
      return shiftOf(slot, (await needs.isFull(slot)) ? 0 : slot.shift.capacity);
    },
    openShiftsNear: async (actor: Actor, point: { lat: number; lng: number }, radiusKm: number, from: Date, to: Date): Promise<MatchableShift[]> => {
      const page = await needs.listOpenNeeds(actor, listNeedsQuerySchema.parse({
        near: `${point.lat.toFixed(6)},${point.lng.toFixed(6)}`, radiusKm: Math.min(50, radiusKm), from: from.toISOString(), to: to.toISOString(),
        sort: 'nearest', limit: 100,
      }));
      return page.items.flatMap((need) => need.shifts
        .filter((s) => Date.parse(s.startsAt) >= from.getTime() && Date.parse(s.startsAt) < to.getTime())
        .map((s) => ({
          needId: need.id, shiftId: s.id, title: need.title, category: need.category, communityCode: need.communityCode,
          ...(need.location ? { location: need.location } : {}), requiredSkills: need.requiredSkills,
          startsAt: new Date(s.startsAt), endsAt: new Date(s.endsAt), slotsLeft: s.slotsLeft,
        })));
    },
  };
}
