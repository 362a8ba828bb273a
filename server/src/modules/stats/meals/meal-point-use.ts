import { CITY_CODE, isoWeekdayOf, type StatsMealPointList, type StatsMealPointUse } from '@tongxin/shared';
import type { Logger } from '../../../platform/logger';
import type { Redis } from '../../../platform/redis';
import { addDays, datesBetween, shanghaiDate } from '../stats.areas';
import type { StatsRange } from '../stats.queries';
import { WARM_DAYS } from '../warm-days';
import { sumDays, type MealPointFacts, type MealUseSource } from './meal-use.source';
import type { MealUseWindow, MealWindowInfo, PointUse } from './meal-use.window';

/** Today's portions taken per meal, from the meal points module's live counts (wired in runtime.ts). */
export type PortionsTaken = (meals: Array<{ pointId: string; date: string; meal: string }>) => Promise<number[]>;

/** Points listed on the dashboard, most used first. */
export const MEAL_POINTS_LISTED = 20;
/** Served counters of a meal day are kept a while after it; seconds. */
const SERVED_TTL_SECONDS = 3 * 86_400;

/**
 * Meal-point use for the dashboard: the range's days up to yesterday from the use window (rolled up
 * nightly from the raw collections, `meal-use.window.ts`), days older than the window (a custom range
 * over 92 days) from the raw collections, and beside each listed point today's use so far, live:
 * portions offered by its opening days, portions taken from the meal points module's counters,
 * and meals served or delivered as they are closed (`meal:closed`).
 */
export class MealPointUse {
  private rebuilding: Promise<MealWindowInfo> | undefined;

  constructor(
    private readonly source: MealUseSource,
    private readonly window: MealUseWindow,
    private readonly portionsTaken: PortionsTaken,
    private readonly redis: Redis,
    private readonly prefix: string,
    private readonly logger: Logger,
    private readonly now: () => Date = () => new Date(),
  ) {}

  /** The nightly part: the window of the `WARM_DAYS` days ending yesterday, recomputed whole from the raw collections. */
  async rollUp(): Promise<{ from: string; to: string; points: number; seconds: number }> {
    const started = Date.now();
    const to = addDays(shanghaiDate(this.now()), -1);
    const days = await this.source.days(datesBetween(addDays(to, 1 - WARM_DAYS), to));
    const info = await this.window.store(days, new Date());
    const seconds = (Date.now() - started) / 1000;
    this.logger.info({ from: info.from, to: info.to, points: days.points.length, seconds }, 'meal-point use rolled up');
    return { from: info.from, to: info.to, points: days.points.length, seconds };
  }

  async list(range: StatsRange): Promise<StatsMealPointList> {
    const today = shanghaiDate(this.now());
    const top = topByUse(await this.useByPoint(range));
    const live = await this.todayOf(top.map((p) => p.facts), today);
    return { areaCode: range.areaCode, from: range.from, to: range.to, today, items: top.map((p, i) => ({ ...toItem(p), today: live[i]! })) };
  }

  /** Every point of the area with something in the range's days up to yesterday. */
  async useByPoint(range: StatsRange): Promise<PointUse[]> {
    const yesterday = addDays(shanghaiDate(this.now()), -1);
    const to = range.to < yesterday ? range.to : yesterday;
    if (range.from > to) return [];
    const window = await this.freshWindow(yesterday);
    const parts: PointUse[][] = [];
    const from = range.from > window.from ? range.from : window.from;
    if (from <= to) parts.push(await this.window.read(window, range.areaCode, from, to));
    if (range.from < window.from) {
      const before = addDays(window.from, -1);
      parts.push(await this.raw(range.areaCode, range.from, to < before ? to : before));
    }
    return merge(parts);
  }

  /** Counts a meal served or delivered on its day (`meal:closed`). */
  async closed(event: { pointId: string; date: string; outcome: string }): Promise<void> {
    if (event.outcome !== 'served' && event.outcome !== 'delivered') return;
    const key = this.servedKey(event.date);
    await this.redis.multi().hincrby(key, event.pointId, 1).expire(key, SERVED_TTL_SECONDS).exec();
  }

  /** The current window, rebuilt first when there is none or it ends before yesterday (the nightly run not done yet); once per process at a time. */
  private async freshWindow(yesterday: string): Promise<MealWindowInfo> {
    const current = await this.window.current();
    if (current && current.to >= yesterday) return current;
    this.rebuilding ??= this.rollUp().then(async () => (await this.window.current())!).finally(() => {
      this.rebuilding = undefined;
    });
    return this.rebuilding;
  }

  private async raw(areaCode: string, from: string, to: string): Promise<PointUse[]> {
    const days = await this.source.days(datesBetween(from, to));
    return days.points.filter((p) => inArea(areaCode, p.communityCode))
      .map((facts) => ({ facts, use: sumDays(days.use.get(facts.pointId)!, 0, days.dates.length - 1) }))
      .filter((p) => p.use.capacity !== 0 || p.use.booked !== 0);
  }

  private async todayOf(points: MealPointFacts[], date: string): Promise<Array<StatsMealPointUse['today']>> {
    if (points.length === 0) return [];
    const meals = points.flatMap((p) => p.meals.map((m) => ({ pointId: p.pointId, date, meal: m.meal })));
    const [taken, served] = await Promise.all([this.portionsTaken(meals), this.redis.hmget(this.servedKey(date), ...points.map((p) => p.pointId))]);
    let next = 0;
    return points.map((p, i) => {
      const booked = p.meals.reduce((sum) => sum + taken[next++]!, 0);
      const capacity = p.openingDays.includes(isoWeekdayOf(date)) ? p.meals.reduce((sum, m) => sum + m.capacity, 0) : 0;
      return { capacity, booked, served: Number(served[i] ?? 0) };
    });
  }

  private servedKey(date: string): string {
    return `${this.prefix}:stats:meals:served:${date}`;
  }
}

const inArea = (areaCode: string, communityCode: string) => areaCode === CITY_CODE || communityCode.startsWith(areaCode);

function merge(parts: PointUse[][]): PointUse[] {
  const byPoint = new Map<string, PointUse>();
  for (const point of parts.flat()) {
    const seen = byPoint.get(point.facts.pointId);
    if (!seen) byPoint.set(point.facts.pointId, { facts: point.facts, use: { ...point.use } });
    else for (const field of ['capacity', 'booked', 'served', 'missed'] as const) seen.use[field] += point.use[field];
  }
  return [...byPoint.values()];
}

const useRateOf = (p: PointUse) => (p.use.capacity > 0 ? p.use.booked / p.use.capacity : null);

/** Most used first (points without capacity last), then by id; at most `MEAL_POINTS_LISTED`. */
export function topByUse(points: PointUse[]): PointUse[] {
  return [...points].sort((a, b) => (useRateOf(b) ?? -1) - (useRateOf(a) ?? -1) || a.facts.pointId.localeCompare(b.facts.pointId))
    .slice(0, MEAL_POINTS_LISTED);
}

function toItem({ facts, use }: PointUse): Omit<StatsMealPointUse, 'today'> {
  return {
    pointId: facts.pointId, pointName: facts.name, communityCode: facts.communityCode,
    capacity: use.capacity, booked: use.booked, served: use.served, useRate: useRateOf({ facts, use }),
  };
}
