import { z } from './zod';
import { findRegion } from '../domain/regions/region-tree';

/** A region code of any level: the city (510100), a division (6), a street (9) or a community (12 digits). */
export const areaCodeSchema = z.string()
  .regex(/^5101\d{2}(\d{3}){0,2}$/, '地区编码格式不正确')
  .refine((code) => findRegion(code) !== undefined, '地区不存在');

/** A Shanghai calendar date, `YYYY-MM-DD`. */
export const statsDateSchema = z.iso.date({ message: '日期格式不正确（YYYY-MM-DD）' });

export const statsWatchSchema = z.strictObject({ areaCode: areaCodeSchema });
export type StatsWatchPayload = z.infer<typeof statsWatchSchema>;

/** Figures over a date range (Shanghai days, both ends included, at most a year); default the last 30 days. */
export const statsRangeQuerySchema = z.strictObject({
  areaCode: areaCodeSchema.optional(),
  from: statsDateSchema.optional(),
  to: statsDateSchema.optional(),
});
export type StatsRangeQuery = z.infer<typeof statsRangeQuerySchema>;

/** Today's counters for an area, live from Redis; amounts in fen, hours as whole minutes. */
export interface LiveCounters {
  enrollments: number;
  verifiedMinutes: number;
  needsPosted: number;
  donations: number;
  donationsFen: number;
  matchedFen: number;
  /** Distinct donors today. */
  donors: number;
}

/** Pushed to `stats:live:<areaCode>` at most once a second while counters move. */
export interface StatsLiveEvent {
  areaCode: string;
  /** Shanghai date the counters belong to. */
  date: string;
  counters: LiveCounters;
  /** Milliseconds since the epoch when read; later events carry larger values. */
  seq: number;
}

/**
 * Figures of one area over a range. Sums over the range except `registeredVolunteers`,
 * `activeVolunteers` (served in the 30 days up to the last day) and `campaignsLive`, which are
 * as of the last day. Rates are 0..1 (null without a base); money in fen.
 */
export interface StatsFigures {
  registeredVolunteers: number;
  newVolunteers: number;
  activeVolunteers: number;
  verifiedMinutes: number;
  needsPosted: number;
  shiftsOffered: number;
  seatsOffered: number;
  seatsTaken: number;
  shiftsFilled: number;
  fillRate: number | null;
  /** Median minutes from a need's posting to its shift's last place taken, over shifts filled. */
  medianMinutesToFill: number | null;
  enrollmentsDue: number;
  noShows: number;
  noShowRate: number | null;
  donations: number;
  donationsFen: number;
  /** 捐赠人次: distinct donors per day, summed over the range. */
  donors: number;
  matchedFen: number;
  campaignsLive: number;
}

export interface StatsAreaFigures {
  areaCode: string;
  areaName: string;
  level: 'city' | 'division' | 'street' | 'community';
  figures: StatsFigures;
}

export interface StatsOverview extends StatsAreaFigures {
  from: string;
  to: string;
  /** One entry per day of the range, oldest first. */
  days: Array<{ date: string; figures: StatsFigures }>;
  /** Today's live counters (not part of the range's figures until tonight's roll-up). */
  today: { date: string; counters: LiveCounters };
}

export interface StatsChildren {
  areaCode: string;
  from: string;
  to: string;
  items: StatsAreaFigures[];
}

/** What a gap alert is about. */
export type StatsGapKind = 'unfilled-needs' | 'meal-full' | 'disclosure-overdue';

export const statsGapsQuerySchema = z.strictObject({ areaCode: areaCodeSchema.optional() });
export type StatsGapsQuery = z.infer<typeof statsGapsQuerySchema>;

/** An open gap: raised once to the responsible admins, listed until it closes. Instants are UTC ISO strings. */
export interface StatsGapView {
  /** Deterministic: the same gap is raised once (`unfilled:<community>:<needId>`, `meal:<point>:<date>:<meal>`, `disclosure:<campaign>:<due>`). */
  id: string;
  kind: StatsGapKind;
  /** The community the gap is in, or the city for a campaign without one. */
  areaCode: string;
  areaName: string;
  /** Chinese, fit to show as is. */
  title: string;
  detail: string;
  /** The need, meal point or campaign. */
  subjectId: string;
  /** Since when the gap has existed (need posted, meal day, disclosure due). */
  since: string;
  raisedAt: string;
}

export interface StatsGapList {
  areaCode: string;
  items: StatsGapView[];
}

/** Meal-point use over a range, per point (most used first, at most 20). */
export interface StatsMealPointUse {
  pointId: string;
  pointName: string;
  communityCode: string;
  /** Portions offered over the range. */
  capacity: number;
  booked: number;
  served: number;
  /** booked / capacity, 0..1 (null without capacity). */
  useRate: number | null;
  /** Today so far (live; not part of the range's figures until tonight's roll-up). */
  today: { capacity: number; booked: number; served: number };
}

/**
 * Meal-point use over the range's rolled-up days (up to yesterday; today is live beside each point,
 * later days have nothing yet), from the nightly roll-up.
 */
export interface StatsMealPointList {
  areaCode: string;
  from: string;
  to: string;
  /** Shanghai date of each item's `today`. */
  today: string;
  items: StatsMealPointUse[];
}

/** Open needs with places still free on upcoming shifts, most places open first (at most 10). */
export interface StatsUnfilledNeed {
  needId: string;
  title: string;
  communityCode: string;
  communityName: string;
  postedAt: string;
  placesOpen: number;
  nextShiftStartsAt: string;
}

export interface StatsUnfilledNeedList {
  areaCode: string;
  /** When the open needs were last read from the store (UTC ISO); places open are counted live, and needs posted or cancelled since are followed live. */
  refreshedAt: string;
  items: StatsUnfilledNeed[];
}
