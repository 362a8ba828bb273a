import type { mongo } from 'mongoose';
import { addDays, dayStart } from './stats.areas';
import { AreaAccumulator } from './rollup.accumulator';
import type { RollupFigures } from './rollup.figures';

/** Active volunteers: served (hours in the ledger) within this many days up to and including the day. */
export const ACTIVE_WINDOW_DAYS = 30;

interface Window {
  start: number;
  end: number;
  activeFrom: number;
}

const within = (at: Date | undefined, from: number, to: number) => at !== undefined && at.getTime() >= from && at.getTime() < to;

/**
 * Computes one Shanghai day's figures for every area straight from the system-of-record
 * collections, one streamed pass each with a projection (FerretDB scans any filter but `{_id}`, so
 * one full read beats many filtered ones). Reads the collections by name: they are the other
 * modules' records, and this is the one reader that sums them; nothing here writes to them.
 *
 * Definitions (a "day" is Asia/Shanghai): registered = profiles created by the day's end, by home
 * community; active = distinct volunteers with hours recorded in the 30 days to the day's end, where
 * they served; verified minutes = hours ledger entries recorded that day; needs posted = non-draft
 * needs created that day; shifts offered/seats/filled = shifts of open or finished needs starting
 * that day and the seats held on them now; minutes to fill = need created → last seat taken, for
 * full shifts; enrollments due / no-shows = sign-ups (not cancelled or waitlisted) on shifts
 * starting that day; donations = paid ledger rows that day (matched from match rows), in the
 * campaign's community or the city alone; campaigns live = live/ended/closed campaigns whose
 * period overlaps the day.
 */
export class RawStatsSource {
  constructor(private readonly db: mongo.Db) {}

  async computeDay(date: string): Promise<Map<string, RollupFigures>> {
    const window: Window = {
      start: dayStart(date).getTime(),
      end: dayStart(addDays(date, 1)).getTime(),
      activeFrom: dayStart(addDays(date, 1 - ACTIVE_WINDOW_DAYS)).getTime(),
    };
    const acc = new AreaAccumulator();
    await this.volunteers(acc, window);
    const enrollmentCommunities = await this.enrollments(acc, window);
    await this.hours(acc, window, enrollmentCommunities);
    const shifts = await this.needs(acc, window);
    await this.seats(acc, shifts);
    const campaignCommunities = await this.campaigns(acc, window);
    await this.donations(acc, window, campaignCommunities);
    return acc.finish();
  }

  private stream<T>(collection: string, projection: Record<string, 1>): AsyncIterable<T> {
    return this.db.collection(collection).find({}, { projection, batchSize: 5000 }) as unknown as AsyncIterable<T>;
  }

  private async volunteers(acc: AreaAccumulator, w: Window): Promise<void> {
    for await (const p of this.stream<{ homeCommunityCode?: string; createdAt: Date }>('volunteer_profiles', { homeCommunityCode: 1, createdAt: 1 })) {
      if (p.createdAt.getTime() >= w.end) continue;
      acc.add(p.homeCommunityCode, 'registeredVolunteers');
      if (p.createdAt.getTime() >= w.start) acc.add(p.homeCommunityCode, 'newVolunteers');
    }
  }

  /** Counts sign-ups due on the day; returns every sign-up's community (the hours ledger names sign-ups only). */
  private async enrollments(acc: AreaAccumulator, w: Window): Promise<Map<string, string>> {
    const communities = new Map<string, string>();
    type Row = { _id: string; communityCode: string; status: string; startsAt: Date };
    for await (const e of this.stream<Row>('enrollments', { communityCode: 1, status: 1, startsAt: 1 })) {
      communities.set(e._id, e.communityCode);
      if (!within(e.startsAt, w.start, w.end) || e.status === 'cancelled' || e.status === 'waitlisted') continue;
      acc.add(e.communityCode, 'enrollmentsDue');
      if (e.status === 'no_show') acc.add(e.communityCode, 'noShows');
    }
    return communities;
  }

  private async hours(acc: AreaAccumulator, w: Window, communities: Map<string, string>): Promise<void> {
    type Row = { enrollmentId: string; userId: { toHexString(): string }; minutes: number; createdAt: Date };
    for await (const h of this.stream<Row>('service_hours', { enrollmentId: 1, userId: 1, minutes: 1, createdAt: 1 })) {
      if (!within(h.createdAt, w.activeFrom, w.end)) continue;
      const community = communities.get(h.enrollmentId);
      acc.addDistinct(community, 'activeVolunteers', h.userId.toHexString());
      if (h.createdAt.getTime() >= w.start) acc.add(community, 'verifiedMinutes', h.minutes);
    }
  }

  /** Counts needs posted and shifts offered; returns the day's shifts for the seat pass. */
  private async needs(acc: AreaAccumulator, w: Window): Promise<Map<string, DayShift>> {
    const shifts = new Map<string, DayShift>();
    type Row = { communityCode: string; status: string; createdAt: Date; shifts: Array<{ _id: { toHexString(): string }; startsAt: Date; capacity: number }> };
    for await (const n of this.stream<Row>('needs', { communityCode: 1, status: 1, createdAt: 1, shifts: 1 })) {
      if (n.status === 'draft') continue;
      if (within(n.createdAt, w.start, w.end)) acc.add(n.communityCode, 'needsPosted');
      if (n.status === 'cancelled') continue;
      for (const s of n.shifts) {
        if (!within(s.startsAt, w.start, w.end)) continue;
        acc.add(n.communityCode, 'shiftsOffered');
        acc.add(n.communityCode, 'seatsOffered', s.capacity);
        shifts.set(s._id.toHexString(), { communityCode: n.communityCode, capacity: s.capacity, postedAt: n.createdAt.getTime(), taken: 0, lastAt: 0 });
      }
    }
    return shifts;
  }

  private async seats(acc: AreaAccumulator, shifts: Map<string, DayShift>): Promise<void> {
    if (shifts.size === 0) return;
    for await (const seat of this.stream<{ _id: string; claimedAt: Date }>('shift_seats', { claimedAt: 1 })) {
      const shift = shifts.get(seat._id.slice(0, seat._id.indexOf('#')));
      if (!shift) continue;
      shift.taken += 1;
      shift.lastAt = Math.max(shift.lastAt, seat.claimedAt.getTime());
    }
    for (const shift of shifts.values()) {
      acc.add(shift.communityCode, 'seatsTaken', Math.min(shift.taken, shift.capacity));
      if (shift.taken < shift.capacity) continue;
      acc.add(shift.communityCode, 'shiftsFilled');
      acc.addFill(shift.communityCode, Math.max(0, Math.round((shift.lastAt - shift.postedAt) / 60_000)));
    }
  }

  /** Counts campaigns live on the day; returns every campaign's community (when it has one). */
  private async campaigns(acc: AreaAccumulator, w: Window): Promise<Map<string, string | undefined>> {
    const communities = new Map<string, string | undefined>();
    type Row = { _id: { toHexString(): string }; communityCode?: string; status: string; startsAt: Date; endsAt: Date };
    for await (const c of this.stream<Row>('campaigns', { communityCode: 1, status: 1, startsAt: 1, endsAt: 1 })) {
      communities.set(c._id.toHexString(), c.communityCode);
      const ran = c.status === 'live' || c.status === 'ended' || c.status === 'closed';
      if (ran && c.startsAt.getTime() < w.end && c.endsAt.getTime() > w.start) acc.add(c.communityCode, 'campaignsLive');
    }
    return communities;
  }

  private async donations(acc: AreaAccumulator, w: Window, campaigns: Map<string, string | undefined>): Promise<void> {
    type Row = { kind: string; campaignId: { toHexString(): string }; userId: { toHexString(): string }; amountFen: number; at: Date };
    for await (const row of this.stream<Row>('donation_ledger', { kind: 1, campaignId: 1, userId: 1, amountFen: 1, at: 1 })) {
      if (!within(row.at, w.start, w.end)) continue;
      const community = campaigns.get(row.campaignId.toHexString());
      if (row.kind === 'match') {
        acc.add(community, 'matchedFen', row.amountFen);
      } else if (row.kind === 'paid') {
        acc.add(community, 'donations');
        acc.add(community, 'donationsFen', row.amountFen);
        acc.addDistinct(community, 'donors', row.userId.toHexString());
      }
    }
  }
}

interface DayShift {
  communityCode: string;
  capacity: number;
  postedAt: number;
  taken: number;
  lastAt: number;
}
