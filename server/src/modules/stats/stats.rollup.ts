import type { mongo } from 'mongoose';
import { regionTree } from '@tongxin/shared';
import type { Logger } from '../../platform/logger';
import { emptyFigures, type RollupFigures } from './rollup.figures';
import { RawStatsSource } from './rollup.source';
import type { StatsDailyRecord, StatsRepository } from './stats.repository';
import type { WarmStatsDays } from './warm-days';

let childrenByParent: Map<string, string[]> | undefined;

/** Child area codes of each area in the region tree (divisions of the city, streets of a division, …). */
export function childAreas(areaCode: string): string[] {
  if (!childrenByParent) {
    childrenByParent = new Map();
    for (const region of regionTree()) {
      if (!region.parentCode) continue;
      const list = childrenByParent.get(region.parentCode) ?? [];
      list.push(region.code);
      childrenByParent.set(region.parentCode, list);
    }
  }
  return childrenByParent.get(areaCode) ?? [];
}

export interface RollupOutcome {
  date: string;
  areas: number;
  seconds: number;
}

/**
 * The nightly roll-up of one Shanghai day into `stats_daily`. Idempotent: the same day computed
 * again replaces that day's documents under the same `_id`s (an area gone quiet has none: zeros).
 */
export class StatsRollup {
  private readonly source: RawStatsSource;

  constructor(
    db: mongo.Db,
    private readonly repository: StatsRepository,
    private readonly warm: WarmStatsDays,
    private readonly logger: Logger,
  ) {
    this.source = new RawStatsSource(db);
  }

  async rollUp(date: string): Promise<RollupOutcome> {
    const started = Date.now();
    const figures = await this.source.computeDay(date);
    const previous = await this.repository.findRun(date);
    const areas = figures.keys();
    const rolledUpAt = new Date();
    const records: StatsDailyRecord[] = [...areas].map((areaCode) => ({
      _id: `${date}#${areaCode}`,
      date,
      areaCode,
      figures: figures.get(areaCode) ?? emptyFigures(),
      children: childrenOf(areaCode, figures),
      rolledUpAt,
    }));
    await (previous ? this.repository.replaceDays(date, records) : this.repository.insertDays(records));
    // The dashboard reads recent days from Redis: the day is replaced there whole, in one step.
    await this.warm.store(date, figures, rolledUpAt);
    const seconds = (Date.now() - started) / 1000;
    await this.repository.saveRun({ _id: date, areas: [...figures.keys()], rolledUpAt, seconds });
    this.logger.info({ date, areas: records.length, seconds }, 'statistics rolled up');
    return { date, areas: records.length, seconds };
  }
}

function childrenOf(areaCode: string, figures: Map<string, RollupFigures>): Record<string, RollupFigures> {
  const children: Record<string, RollupFigures> = {};
  for (const child of childAreas(areaCode)) {
    const found = figures.get(child);
    if (found) children[child] = found;
  }
  return children;
}
