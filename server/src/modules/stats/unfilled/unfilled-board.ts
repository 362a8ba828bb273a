import { CITY_CODE } from '@tongxin/shared';
import type { Logger } from '../../../platform/logger';
import type { Redis } from '../../../platform/redis';
import { childAreas } from '../stats.rollup';

/** An open need and the places of its shifts (the needs module's `listOpenUpcoming`, or a `need:posted`). */
export interface OpenNeedFact {
  needId: string;
  title: string;
  communityCode: string;
  postedAt: Date;
  shiftPlaces: Array<{ shiftId: string; startsAt: Date; capacity: number }>;
}

/** An open need with places free on its upcoming shifts, counted now. */
export interface UnfilledNow {
  needId: string;
  title: string;
  communityCode: string;
  postedAt: Date;
  placesOpen: number;
  nextShiftStartsAt: Date;
}

export interface UnfilledBoardPorts {
  /** Every open need with its upcoming shifts: one read of the store (a scan on FerretDB). */
  openNeeds(): Promise<OpenNeedFact[]>;
  /** Places taken per shift, live (the needs module's Redis counters). */
  seatsTaken(shiftIds: string[]): Promise<Map<string, number>>;
}

/** The stored shape of a need: short keys, instants in milliseconds, shifts as `[id, startsAt, capacity]`. */
interface Entry {
  t: string;
  c: string;
  p: number;
  s: Array<[string, number, number]>;
}

/**
 * The open needs the dashboard's "most short of volunteers" list and the unfilled-need gap alerts
 * are counted from, in Redis: one hash per division (field = need id), read in one round trip.
 * Refreshed from the store by the gap-alert run (every 15 minutes: it reads the open needs anyway),
 * followed live between runs (`need:posted` adds, `need:cancelled` removes); places open are counted
 * at each read from the shifts' live seat counters. So a request never scans `needs`. A shift moved
 * or resized shows its new time or size from the next refresh on, and a need posted or cancelled
 * while a refresh reads the store can be missed until the next one.
 */
export class UnfilledNeedsBoard {
  private refreshing: Promise<OpenNeedFact[]> | undefined;

  constructor(
    private readonly redis: Redis,
    private readonly prefix: string,
    private readonly ports: UnfilledBoardPorts,
    private readonly logger: Logger,
    private readonly now: () => Date = () => new Date(),
  ) {}

  /** Reads the open needs from the store and replaces the board with them, in one step; once per process at a time. */
  refresh(): Promise<OpenNeedFact[]> {
    this.refreshing ??= this.replace().finally(() => {
      this.refreshing = undefined;
    });
    return this.refreshing;
  }

  /** Adds a need posted now (before the board's first refresh too: that refresh reads it from the store anyway). */
  async posted(need: OpenNeedFact): Promise<void> {
    await this.redis.hset(this.key(need.communityCode.slice(0, 6)), need.needId, encode(need));
  }

  async cancelled(need: { needId: string; communityCode: string }): Promise<void> {
    await this.redis.hdel(this.key(need.communityCode.slice(0, 6)), need.needId);
  }

  /** Open needs of the area with places free on shifts not started yet, and when the board was last refreshed. */
  async unfilled(areaCode: string): Promise<{ refreshedAt: Date; needs: UnfilledNow[] }> {
    const { refreshedAt, needs } = await this.read(areaCode);
    const now = this.now().getTime();
    const upcoming = needs.map((need) => ({ need, shifts: need.shiftPlaces.filter((s) => s.startsAt.getTime() > now) })).filter((u) => u.shifts.length > 0);
    const taken = await this.ports.seatsTaken(upcoming.flatMap((u) => u.shifts.map((s) => s.shiftId)));
    const found = upcoming.flatMap(({ need, shifts }) => {
      const placesOpen = shifts.reduce((sum, s) => sum + Math.max(0, s.capacity - (taken.get(s.shiftId) ?? 0)), 0);
      if (placesOpen === 0) return [];
      const { shiftPlaces: _, ...facts } = need;
      return [{ ...facts, placesOpen, nextShiftStartsAt: new Date(Math.min(...shifts.map((s) => s.startsAt.getTime()))) }];
    });
    return { refreshedAt, needs: found };
  }

  private async read(areaCode: string): Promise<{ refreshedAt: Date; needs: OpenNeedFact[] }> {
    const divisions = areaCode === CITY_CODE ? childAreas(CITY_CODE) : [areaCode.slice(0, 6)];
    const pipeline = this.redis.pipeline().get(this.refreshedKey());
    for (const division of divisions) pipeline.hgetall(this.key(division));
    const [marker, ...hashes] = ((await pipeline.exec()) ?? []) as Array<[Error | null, unknown]>;
    if (marker?.[0]) throw marker[0];
    const refreshed = marker?.[1];
    const within = (code: string) => areaCode === CITY_CODE || code.startsWith(areaCode);
    if (typeof refreshed !== 'string') {
      // Never refreshed (a new deployment, or Redis lost it): read the store once, then serve from the board.
      const needs = await this.refresh();
      return { refreshedAt: this.now(), needs: needs.filter((n) => within(n.communityCode)) };
    }
    const needs: OpenNeedFact[] = [];
    for (const [error, hash] of hashes) {
      if (error) throw error;
      for (const [needId, json] of Object.entries(hash as Record<string, string>)) {
        const need = decode(needId, json);
        if (within(need.communityCode)) needs.push(need);
      }
    }
    return { refreshedAt: new Date(refreshed), needs };
  }

  private async replace(): Promise<OpenNeedFact[]> {
    const started = Date.now();
    const needs = await this.ports.openNeeds();
    const at = this.now();
    const byDivision = new Map<string, Record<string, string>>();
    for (const need of needs) {
      const division = need.communityCode.slice(0, 6);
      const fields = byDivision.get(division) ?? {};
      fields[need.needId] = encode(need);
      byDivision.set(division, fields);
    }
    const multi = this.redis.multi();
    for (const division of childAreas(CITY_CODE)) {
      multi.del(this.key(division));
      const fields = byDivision.get(division);
      if (fields) multi.hset(this.key(division), fields);
    }
    multi.set(this.refreshedKey(), at.toISOString());
    const replies = (await multi.exec()) ?? [];
    for (const [error] of replies) if (error) throw error;
    this.logger.debug({ needs: needs.length, seconds: (Date.now() - started) / 1000 }, 'unfilled-needs board refreshed');
    return needs;
  }

  private key(division: string): string {
    return `${this.prefix}:stats:unfilled:${division}`;
  }

  private refreshedKey(): string {
    return `${this.prefix}:stats:unfilled:refreshed`;
  }
}

function encode(need: OpenNeedFact): string {
  const entry: Entry = { t: need.title, c: need.communityCode, p: need.postedAt.getTime(), s: need.shiftPlaces.map((s) => [s.shiftId, s.startsAt.getTime(), s.capacity]) };
  return JSON.stringify(entry);
}

function decode(needId: string, json: string): OpenNeedFact {
  const entry = JSON.parse(json) as Entry;
  return {
    needId, title: entry.t, communityCode: entry.c, postedAt: new Date(entry.p),
    shiftPlaces: entry.s.map(([shiftId, startsAt, capacity]) => ({ shiftId, startsAt: new Date(startsAt), capacity })),
  };
}
