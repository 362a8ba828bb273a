import mongoose, { type Connection, type Model } from 'mongoose';
import { statsModels, type StatsDailyRecord, type StatsRunRecord } from './stats-daily.model';

export type { StatsDailyRecord, StatsRunRecord };

/** Roll-up documents: replaced whole by `_id` when a day is (re)computed, read by `_id` only. */
export class StatsRepository {
  private readonly daily: Model<StatsDailyRecord>;
  private readonly runs: Model<StatsRunRecord>;

  constructor(connection: Connection) {
    ({ daily: this.daily, runs: this.runs } = statsModels(connection));
  }

  /** A day's first roll-up: plain bulk inserts (an update is a read and a write on FerretDB). */
  async insertDays(records: StatsDailyRecord[]): Promise<void> {
    for (let i = 0; i < records.length; i += 1000) await this.daily.insertMany(records.slice(i, i + 1000), { ordered: false, lean: true });
  }

  /**
   * A re-run: the day's documents go and come back under the same ids. Upserting thousands of
   * documents one by one took minutes on FerretDB 1.24; one delete by date and bulk inserts take
   * seconds. Readers may see the day empty for that moment (re-runs are rare, operator-started).
   */
  async replaceDays(date: string, records: StatsDailyRecord[]): Promise<void> {
    await this.daily.deleteMany({ date }).exec();
    await this.insertDays(records);
  }

  /**
   * Several days' documents in one query. FerretDB 1.24 on SQLite answers an `_id` filter with a scan of
   * the collection (`explain`: SCAN), so one `$in` costs one scan where one read per `_id` costs one each.
   */
  async findDays(ids: readonly string[]): Promise<StatsDailyRecord[]> {
    if (ids.length === 0) return [];
    return this.daily.find({ _id: mongoose.trusted({ $in: [...ids] }) }).lean<StatsDailyRecord[]>().exec();
  }

  /** Every area's own figures on the days from `from` on, streamed in one pass (the warm-up after a restart). */
  daysSince(from: string): AsyncIterable<Pick<StatsDailyRecord, 'date' | 'areaCode' | 'figures'>> {
    return this.daily.find({ date: mongoose.trusted({ $gte: from }) }, { date: 1, areaCode: 1, figures: 1 }).lean().cursor({ batchSize: 2000 }) as never;
  }

  async findRun(date: string): Promise<StatsRunRecord | null> {
    return this.runs.findById(date).lean<StatsRunRecord>().exec();
  }

  /**
   * Runs of the days from `from` on: one small document per day, so this scan stays cheap even on
   * FerretDB (used once at start-up to learn which days to load).
   */
  async runsSince(from: string): Promise<StatsRunRecord[]> {
    return this.runs.find({ _id: mongoose.trusted({ $gte: from }) }).lean<StatsRunRecord[]>().exec();
  }

  async saveRun(run: StatsRunRecord): Promise<void> {
    await this.runs.replaceOne({ _id: run._id }, run, { upsert: true }).exec();
  }
}
