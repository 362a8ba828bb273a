import type { NeedRecord } from './needs.repository';

/** An open need and its upcoming shifts' places. */
export interface OpenNeedShifts {
  needId: string;
  title: string;
  communityCode: string;
  postedAt: Date;
  shiftPlaces: Array<{ shiftId: string; startsAt: Date; capacity: number }>;
}

/** What `need:posted` says of a need (its id, title, area and every shift's places). */
export function postedFacts(need: NeedRecord) {
  return {
    needId: need._id.toHexString(), title: need.title, communityCode: need.communityCode, shifts: need.shifts.length,
    shiftPlaces: need.shifts.map((s) => ({ shiftId: s._id.toHexString(), startsAt: s.startsAt, capacity: s.capacity })),
  };
}
