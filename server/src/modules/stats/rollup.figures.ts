import type { StatsFigures } from '@tongxin/shared';

/**
 * What a roll-up stores per area and day: counts and sums, plus the minutes-to-fill histogram
 * (`{minutes: shifts}`) so medians over any range stay exact. Money in fen.
 */
export interface RollupFigures {
  registeredVolunteers: number;
  newVolunteers: number;
  activeVolunteers: number;
  verifiedMinutes: number;
  needsPosted: number;
  shiftsOffered: number;
  seatsOffered: number;
  seatsTaken: number;
  shiftsFilled: number;
  fillMinutes: Record<string, number>;
  enrollmentsDue: number;
  noShows: number;
  donations: number;
  donationsFen: number;
  donors: number;
  matchedFen: number;
  campaignsLive: number;
}

export type SummedField = Exclude<keyof RollupFigures, 'fillMinutes' | AsOfField>;
/** Figures that describe the state on a day rather than what happened on it: a range takes its last day's. */
export type AsOfField = 'registeredVolunteers' | 'activeVolunteers' | 'campaignsLive';

const SUMMED: readonly SummedField[] = ['newVolunteers', 'verifiedMinutes', 'needsPosted', 'shiftsOffered', 'seatsOffered', 'seatsTaken',
  'shiftsFilled', 'enrollmentsDue', 'noShows', 'donations', 'donationsFen', 'donors', 'matchedFen'];
const AS_OF: readonly AsOfField[] = ['registeredVolunteers', 'activeVolunteers', 'campaignsLive'];

export function emptyFigures(): RollupFigures {
  return {
    registeredVolunteers: 0, newVolunteers: 0, activeVolunteers: 0, verifiedMinutes: 0, needsPosted: 0, shiftsOffered: 0, seatsOffered: 0,
    seatsTaken: 0, shiftsFilled: 0, fillMinutes: {}, enrollmentsDue: 0, noShows: 0, donations: 0, donationsFen: 0, donors: 0, matchedFen: 0,
    campaignsLive: 0,
  };
}

/** Days in order, oldest first: sums what happened, takes the state of the last day. */
export function combineDays(days: readonly RollupFigures[]): RollupFigures {
  const total = emptyFigures();
  for (const day of days) {
    for (const field of SUMMED) total[field] += day[field];
    for (const [minutes, count] of Object.entries(day.fillMinutes)) total.fillMinutes[minutes] = (total.fillMinutes[minutes] ?? 0) + count;
  }
  const last = days.at(-1);
  if (last) for (const field of AS_OF) total[field] = last[field];
  return total;
}

/** The lower median of a `{value: count}` histogram; null when empty. */
export function histogramMedian(histogram: Record<string, number>): number | null {
  const entries = Object.entries(histogram).map(([value, count]) => [Number(value), count] as const).sort((a, b) => a[0] - b[0]);
  const n = entries.reduce((sum, [, count]) => sum + count, 0);
  if (n === 0) return null;
  let seen = 0;
  for (const [value, count] of entries) {
    seen += count;
    if (seen >= Math.ceil(n / 2)) return value;
  }
  return null;
}

const ratio = (part: number, whole: number) => (whole > 0 ? part / whole : null);

/** What the API shows: the stored figures with rates and the median derived. */
export function toStatsFigures(f: RollupFigures): StatsFigures {
  const { fillMinutes, ...counts } = f;
  return {
    ...counts,
    fillRate: ratio(f.seatsTaken, f.seatsOffered),
    medianMinutesToFill: histogramMedian(fillMinutes),
    noShowRate: ratio(f.noShows, f.enrollmentsDue),
  };
}
