import type { ChainableCommander } from 'ioredis';
import {
  CITY_CODE, findRegion,
  type Actor, type StatsAreaFigures, type StatsChildren, type StatsOverview, type StatsRangeQuery,
} from '@tongxin/shared';
import { authorize, can } from '../access';
import { ValidationError } from '../../platform/errors';
import type { Redis } from '../../platform/redis';
import type { LiveStatsCounters } from './live-counters';
import { combineDays, emptyFigures, toStatsFigures, type RollupFigures } from './rollup.figures';
import { childAreas } from './stats.rollup';
import { addDays, datesBetween, levelOf, shanghaiDate } from './stats.areas';
import type { StatsDailyRecord, StatsRepository } from './stats.repository';
import type { WarmStatsDays } from './warm-days';

/** The longest range one request may ask for, in days. */
const MAX_RANGE_DAYS = 366;
const DEFAULT_RANGE_DAYS = 30;
/** Days outside the warm window are read by `_id` and kept this long in memory (a re-run shows within it); milliseconds. */
const CACHE_MS = 60_000;
const CACHE_ENTRIES = 100_000;

/** A scoped, validated area and range of Shanghai days. */
export interface StatsRange {
  areaCode: string;
  from: string;
  to: string;
  dates: string[];
}

/** One day of an area: its figures and its child areas' figures. */
interface AreaDay {
  figures: RollupFigures;
  children: Record<string, RollupFigures>;
}

/**
 * The dashboard's reads, scoped by `stats:read`: the range's days from the warm window in Redis and
 * today's live counters, in one pipeline (one round trip); days outside the window (or not yet loaded
 * after a restart) from `stats_daily` by `_id`. Nothing is computed from the raw collections.
 */
export class StatsQueries {
  private readonly cache = new Map<string, { at: number; record: StatsDailyRecord | null }>();

  constructor(
    private readonly repository: StatsRepository,
    private readonly counters: LiveStatsCounters,
    private readonly redis: Redis,
    private readonly warm: WarmStatsDays,
    private readonly now: () => Date = () => new Date(),
  ) {}

  async overview(actor: Actor, query: StatsRangeQuery): Promise<StatsOverview> {
    return this.overviewOf(this.rangeFor(actor, query));
  }

  /** An area's figures over an already scoped range (exports call this from a job, without an actor). */
  async overviewOf(range: StatsRange): Promise<StatsOverview> {
    const today = shanghaiDate(this.now());
    const pipeline = this.redis.pipeline();
    const live = this.counters.queueRead(pipeline, range.areaCode, today);
    const days = await this.days(range, [range.areaCode], pipeline, live.commands);
    const counters = live.parse(days.replies);
    return {
      ...this.areaFigures(range.areaCode, combineDays(days.days.map((d) => d.figures))),
      from: range.from,
      to: range.to,
      days: range.dates.map((date, i) => ({ date, figures: toStatsFigures(days.days[i]!.figures) })),
      today: { date: today, counters },
    };
  }

  /** The area's child areas side by side (districts of the city, streets of a district, …). */
  async children(actor: Actor, query: StatsRangeQuery): Promise<StatsChildren> {
    return this.childrenOf(this.rangeFor(actor, query));
  }

  async childrenOf(range: StatsRange): Promise<StatsChildren> {
    const children = childAreas(range.areaCode);
    const { days } = await this.days(range, children, this.redis.pipeline(), 0);
    const items = children.map((child) =>
      this.areaFigures(child, combineDays(days.map((d) => d.children[child] ?? emptyFigures()))));
    return { areaCode: range.areaCode, from: range.from, to: range.to, items };
  }

  /** The city's divisions; a district admin sees their own division only. */
  async districts(actor: Actor, query: Omit<StatsRangeQuery, 'areaCode'>): Promise<StatsChildren> {
    if (can(actor, 'stats:read', { communityCode: CITY_CODE })) return this.children(actor, { ...query, areaCode: CITY_CODE });
    const own = this.rangeFor(actor, query);
    const overview = await this.overview(actor, { ...query, areaCode: own.areaCode });
    return { areaCode: CITY_CODE, from: own.from, to: own.to, items: [{ areaCode: overview.areaCode, areaName: overview.areaName, level: overview.level, figures: overview.figures }] };
  }

  private areaFigures(areaCode: string, figures: RollupFigures): StatsAreaFigures {
    return { areaCode, areaName: findRegion(areaCode)?.name ?? areaCode, level: levelOf(areaCode), figures: toStatsFigures(figures) };
  }

  /** The area asked for (default: the actor's widest) checked against `stats:read`, and the range validated. */
  rangeFor(actor: Actor, query: StatsRangeQuery): StatsRange {
    const areaCode = query.areaCode ?? (can(actor, 'stats:read', { communityCode: CITY_CODE }) ? CITY_CODE : actor.scopes.districtCode);
    authorize(actor, 'stats:read', areaCode ? { communityCode: areaCode } : {});
    const to = query.to ?? addDays(shanghaiDate(this.now()), -1);
    const from = query.from ?? addDays(to, 1 - DEFAULT_RANGE_DAYS);
    if (from > to) throw new ValidationError([{ path: 'from', message: '开始日期不能晚于结束日期' }]);
    const dates = datesBetween(from, to);
    if (dates.length > MAX_RANGE_DAYS) throw new ValidationError([{ path: 'from', message: `查询范围不能超过 ${MAX_RANGE_DAYS} 天` }]);
    return { areaCode: areaCode!, from, to, dates };
  }

  /**
   * The range's days for the area and the given areas (itself, or its children), read from the warm
   * window on the caller's pipeline after its first `before` commands; the replies of those come back.
   * Days not warm are read from the store in one query (and kept in memory a minute).
   */
  private async days(range: StatsRange, areas: readonly string[], pipeline: ChainableCommander, before: number) {
    const read = this.warm.queueRead(pipeline, range.dates, areas);
    const replies = (await pipeline.exec()) ?? [];
    const warm = read.parse(replies.slice(before, before + read.commands));
    const stored = await this.stored(range.dates.filter((_, i) => !warm[i]).map((date) => `${date}#${range.areaCode}`));
    const days = range.dates.map((date, i): AreaDay => {
      const day = warm[i];
      if (day) return { figures: day.get(range.areaCode) ?? emptyFigures(), children: Object.fromEntries(day) };
      const record = stored.get(`${date}#${range.areaCode}`);
      return { figures: record?.figures ?? emptyFigures(), children: record?.children ?? {} };
    });
    return { days, replies: replies.slice(0, before) };
  }

  private async stored(ids: string[]): Promise<Map<string, StatsDailyRecord | null>> {
    const found = new Map<string, StatsDailyRecord | null>();
    const missing: string[] = [];
    for (const id of ids) {
      const cached = this.cache.get(id);
      if (cached && Date.now() - cached.at < CACHE_MS) found.set(id, cached.record);
      else missing.push(id);
    }
    const records = new Map((await this.repository.findDays(missing)).map((r) => [r._id, r]));
    for (const id of missing) {
      if (this.cache.size >= CACHE_ENTRIES) this.cache.delete(this.cache.keys().next().value!);
      const record = records.get(id) ?? null;
      this.cache.set(id, { at: Date.now(), record });
      found.set(id, record);
    }
    return found;
  }
}
