import { randomUUID } from 'node:crypto';
import type { ChainableCommander } from 'ioredis';
import { CITY_CODE } from '@tongxin/shared';
import type { Redis } from '../../../platform/redis';
import { childAreas } from '../stats.rollup';
import { addDays, datesBetween } from '../stats.areas';
import { emptyUse, USE_FIELDS, type MealPointFacts, type MealUse, type MealUseDays } from './meal-use.source';

/** What the current window covers: Shanghai days `from`..`to`, written under `generation`. */
export interface MealWindowInfo {
  generation: string;
  from: string;
  to: string;
  rolledUpAt: string;
}

/** A point of the area with its use over the days asked for. */
export interface PointUse {
  facts: MealPointFacts;
  use: MealUse;
}

/** A replaced window's keys stay this long for requests that read its pointer just before; seconds. */
const RETIRED_TTL_SECONDS = 600;
/** A window not replaced (roll-ups stopped) still answers for a while, then goes; seconds. */
const WINDOW_TTL_SECONDS = 3 * 86_400;
const COMMANDS_PER_EXEC = 500;

/**
 * The meal-use window in Redis: for every day of the window, every point's use summed from the
 * window's first day through that day (`<gen>:<date>:<division>`, field = point id, value =
 * `capacity,booked,served,missed`), and the points' facts (`<gen>:points:<division>`). Any range
 * inside the window is then two reads per point whatever its length: the sums through its last day
 * minus those through the day before its first. Written whole under a new generation and switched
 * to by one pointer, so readers see the old window or the new one, never a mix.
 */
export class MealUseWindow {
  constructor(
    private readonly redis: Redis,
    private readonly prefix: string,
  ) {}

  async current(): Promise<MealWindowInfo | null> {
    const json = await this.redis.get(this.pointerKey());
    return json ? (JSON.parse(json) as MealWindowInfo) : null;
  }

  async store(days: MealUseDays, rolledUpAt: Date): Promise<MealWindowInfo> {
    const info: MealWindowInfo = { generation: randomUUID().slice(0, 8), from: days.dates[0]!, to: days.dates.at(-1)!, rolledUpAt: rolledUpAt.toISOString() };
    const batch = new Batch(this.redis);
    const facts = new Map<string, Record<string, string>>();
    const sums = days.dates.map(() => new Map<string, Record<string, string>>());
    for (const point of days.points) {
      const division = point.communityCode.slice(0, 6);
      fieldsOf(facts, division)[point.pointId] = JSON.stringify({ n: point.name, c: point.communityCode, d: point.openingDays, m: point.meals });
      const row = days.use.get(point.pointId)!;
      const running = [0, 0, 0, 0];
      for (let day = 0; day < days.dates.length; day++) {
        for (let f = 0; f < USE_FIELDS; f++) running[f]! += row[day * USE_FIELDS + f]!;
        if (running.some((n) => n !== 0)) fieldsOf(sums[day]!, division)[point.pointId] = running.join(',');
      }
    }
    for (const [division, fields] of facts) await batch.hset(this.factsKey(info.generation, division), fields);
    for (const [day, byDivision] of sums.entries()) {
      for (const [division, fields] of byDivision) await batch.hset(this.sumsKey(info.generation, days.dates[day]!, division), fields);
    }
    await batch.flush();
    const previous = await this.redis.getset(this.pointerKey(), JSON.stringify(info));
    if (previous) await this.retire(JSON.parse(previous) as MealWindowInfo);
    return info;
  }

  /**
   * Every point of the area with its use over `from`..`to` (inside the window), in one round trip;
   * points with nothing in the range are left out.
   */
  async read(window: MealWindowInfo, areaCode: string, from: string, to: string): Promise<PointUse[]> {
    const divisions = areaCode === CITY_CODE ? childAreas(CITY_CODE) : [areaCode.slice(0, 6)];
    const before = from > window.from ? addDays(from, -1) : null;
    const pipeline = this.redis.pipeline();
    for (const division of divisions) {
      pipeline.hgetall(this.factsKey(window.generation, division)).hgetall(this.sumsKey(window.generation, to, division));
      if (before) pipeline.hgetall(this.sumsKey(window.generation, before, division));
    }
    const replies = (await pipeline.exec()) ?? [];
    const per = before ? 3 : 2;
    const found: PointUse[] = [];
    for (let d = 0; d < divisions.length; d++) {
      const [facts, through, upTo] = replies.slice(d * per, d * per + per).map(([error, value]) => {
        if (error) throw error;
        return value as Record<string, string>;
      });
      for (const [pointId, sums] of Object.entries(through!)) {
        const json = facts![pointId];
        if (!json) continue;
        const { n, c, d: openingDays, m } = JSON.parse(json) as { n: string; c: string; d: number[]; m: MealPointFacts['meals'] };
        if (areaCode !== CITY_CODE && !c.startsWith(areaCode)) continue;
        const use = minus(parse(sums), upTo?.[pointId] ? parse(upTo[pointId]) : emptyUse());
        if (use.capacity === 0 && use.booked === 0) continue;
        found.push({ facts: { pointId, name: n, communityCode: c, openingDays, meals: m }, use });
      }
    }
    return found;
  }

  /** The replaced window's keys expire shortly (readers that took its pointer a moment ago still finish). */
  private async retire(old: MealWindowInfo): Promise<void> {
    const pipeline = this.redis.pipeline();
    for (const division of childAreas(CITY_CODE)) {
      pipeline.expire(this.factsKey(old.generation, division), RETIRED_TTL_SECONDS);
      for (const date of datesBetween(old.from, old.to)) pipeline.expire(this.sumsKey(old.generation, date, division), RETIRED_TTL_SECONDS);
    }
    await pipeline.exec();
  }

  private pointerKey(): string {
    return `${this.prefix}:stats:meals:current`;
  }

  private factsKey(generation: string, division: string): string {
    return `${this.prefix}:stats:meals:${generation}:points:${division}`;
  }

  private sumsKey(generation: string, date: string, division: string): string {
    return `${this.prefix}:stats:meals:${generation}:${date}:${division}`;
  }
}

function fieldsOf(map: Map<string, Record<string, string>>, key: string): Record<string, string> {
  let fields = map.get(key);
  if (!fields) map.set(key, (fields = {}));
  return fields;
}

function parse(sums: string): MealUse {
  const [capacity = 0, booked = 0, served = 0, missed = 0] = sums.split(',').map(Number);
  return { capacity, booked, served, missed };
}

function minus(a: MealUse, b: MealUse): MealUse {
  return { capacity: a.capacity - b.capacity, booked: a.booked - b.booked, served: a.served - b.served, missed: a.missed - b.missed };
}

/** HSETs with an expiry, sent in pipelines of a bounded size. */
class Batch {
  private pipeline: ChainableCommander;
  private queued = 0;

  constructor(private readonly redis: Redis) {
    this.pipeline = redis.pipeline();
  }

  async hset(key: string, fields: Record<string, string>): Promise<void> {
    this.pipeline.hset(key, fields).expire(key, WINDOW_TTL_SECONDS);
    this.queued += 2;
    if (this.queued >= COMMANDS_PER_EXEC) await this.flush();
  }

  async flush(): Promise<void> {
    if (this.queued === 0) return;
    const replies = (await this.pipeline.exec()) ?? [];
    for (const [error] of replies) if (error) throw error;
    this.pipeline = this.redis.pipeline();
    this.queued = 0;
  }
}
