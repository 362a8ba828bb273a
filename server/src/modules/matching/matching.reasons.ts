import {
  findRegion, regionTree, SKILLS, skillsFromMask, TIME_SLOTS, WEEKDAY_LABELS, type GeoPoint, type MatchReasons,
} from '@tongxin/shared';
import type { VolunteerColumns } from './index/columns';
import { distanceKm, type PreparedQuery } from './index/scoring';

const label = (code: string) => SKILLS.find((s) => s.code === code)?.label ?? code;

/** The reasons shown beside a match: distance, skills that count, the slots offered, record and load. */
export function reasonsFor(columns: VolunteerColumns, row: number, q: PreparedQuery): MatchReasons {
  const offered = columns.availability[row]! & q.slotMask;
  const availability: string[] = [];
  for (let bit = 0; bit < 28; bit++) {
    if ((offered & (1 << bit)) !== 0) availability.push(`${WEEKDAY_LABELS[Math.floor(bit / 4)]}${TIME_SLOTS[bit % 4]!.label}`);
  }
  return {
    distanceKm: Math.round(distanceKm(columns, row, q) * 10) / 10,
    matchedSkills: skillsFromMask(columns.skills[row]! & q.fitSkills).map((code) => ({ code, label: label(code) })),
    availability,
    sameCommunity: columns.community[row] === q.community,
    reliabilityPercent: Math.round((columns.reliability[row]! / 255) * 100),
    hoursThisWeek: Math.round((columns.loadMinutes[row]! / 60) * 10) / 10,
  };
}

/** Where a need is: its own point, else its community's centre. */
export function needPoint(need: { location?: GeoPoint; communityCode: string }): GeoPoint {
  if (need.location) return need.location;
  const centre = findRegion(need.communityCode)?.centre ?? regionTree()[0]!.centre;
  return { lat: centre[0], lng: centre[1] };
}
