import type { Logger } from '../../platform/logger';
import type { RollupFigures } from './rollup.figures';
import { addDays, levelOf, shanghaiDate } from './stats.areas';
import type { StatsRepository } from './stats.repository';
import { WARM_DAYS, type WarmStatsDays } from './warm-days';

/** Parallel `_id` reads while loading a day (FerretDB serves a few at once; more only queue). */
const READS_AT_ONCE = 8;

/**
 * After a restart (or a Redis that lost its keys) the warm window is loaded back from `stats_daily`,
 * newest day first, so no dashboard request waits on the store for a recent day. A day's every area
 * comes from the city's, divisions' and streets' documents (a street's document carries its
 * communities' figures): about 260 `_id` reads a day instead of 3,500. Days never rolled up are marked
 * warm with zeros. Runs in the background; a request for a day not yet warm reads the store.
 */
export class StatsWarmUp {
  private stopped = false;

  constructor(
    private readonly repository: StatsRepository,
    private readonly days: WarmStatsDays,
    private readonly logger: Logger,
    private readonly now: () => Date = () => new Date(),
  ) {}

  async run(): Promise<{ loaded: number; empty: number; seconds: number }> {
    const started = Date.now();
    const yesterday = addDays(shanghaiDate(this.now()), -1);
    const dates = Array.from({ length: WARM_DAYS }, (_, i) => addDays(yesterday, -i));
    const warm = await this.days.warmDates(dates);
    const cold = dates.filter((d) => !warm.has(d));
    const runs = cold.length ? await this.repository.runsSince(cold.at(-1)!) : [];
    const areasByDate = new Map(runs.map((r) => [r._id, r.areas]));
    let loaded = 0;
    let empty = 0;
    for (const date of cold) {
      if (this.stopped) break;
      const areas = areasByDate.get(date);
      if (!areas) {
        await this.days.storeNoRollup(date);
        empty++;
        continue;
      }
      const run = runs.find((r) => r._id === date)!;
      if (await this.days.store(date, await this.loadDay(date, areas), run.rolledUpAt, { onlyIfCold: true })) loaded++;
    }
    const seconds = (Date.now() - started) / 1000;
    this.logger.info({ loaded, empty, seconds }, 'statistics warm window loaded');
    return { loaded, empty, seconds };
  }

  stop(): void {
    this.stopped = true;
  }

  private async loadDay(date: string, areas: readonly string[]): Promise<Map<string, RollupFigures>> {
    const figures = new Map<string, RollupFigures>();
    const ids = areas.filter((a) => levelOf(a) !== 'community').map((a) => `${date}#${a}`);
    for (let i = 0; i < ids.length; i += READS_AT_ONCE) {
      const docs = await Promise.all(ids.slice(i, i + READS_AT_ONCE).map((id) => this.repository.findDay(id)));
      for (const doc of docs) {
        if (!doc) continue;
        figures.set(doc.areaCode, doc.figures);
        for (const [child, f] of Object.entries(doc.children)) figures.set(child, f);
      }
    }
    return figures;
  }
}
