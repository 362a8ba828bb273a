import type { Logger } from '../../platform/logger';
import type { RollupFigures } from './rollup.figures';
import { addDays, shanghaiDate } from './stats.areas';
import type { StatsRepository } from './stats.repository';
import { WARM_DAYS, type WarmStatsDays } from './warm-days';

/**
 * After a restart (or a Redis that lost its keys) the cold days of the warm window are loaded back from
 * `stats_daily` in one streamed pass over the days since the oldest of them (every area that saw
 * activity has its own document), so no dashboard request waits on the store for a recent day. One
 * pass, because FerretDB 1.24 on SQLite scans the collection even for an `_id` read. Days never rolled
 * up are marked warm with zeros. Runs in the background; a request for a day not yet warm reads the store.
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
    const rolledUp = new Map(runs.filter((r) => cold.includes(r._id)).map((r) => [r._id, r.rolledUpAt]));
    const figures = new Map<string, Map<string, RollupFigures>>([...rolledUp.keys()].map((date) => [date, new Map()]));
    if (rolledUp.size > 0) {
      for await (const doc of this.repository.daysSince([...rolledUp.keys()].sort()[0]!)) {
        if (this.stopped) break;
        figures.get(doc.date)?.set(doc.areaCode, doc.figures);
      }
    }
    let loaded = 0;
    let empty = 0;
    for (const date of cold) {
      if (this.stopped) break;
      const rolledUpAt = rolledUp.get(date);
      if (!rolledUpAt) {
        await this.days.storeNoRollup(date);
        empty++;
      } else if (await this.days.store(date, figures.get(date)!, rolledUpAt, { onlyIfCold: true })) loaded++;
    }
    const seconds = (Date.now() - started) / 1000;
    this.logger.info({ loaded, empty, seconds }, 'statistics warm window loaded');
    return { loaded, empty, seconds };
  }

  stop(): void {
    this.stopped = true;
  }
}
