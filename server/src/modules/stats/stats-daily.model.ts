import { Schema, type Connection } from 'mongoose';
import type { RollupFigures } from './rollup.figures';
import { modelOf } from '../../platform/db';

/**
 * One area's figures for one Shanghai day, with its child areas' figures beside them so a
 * comparison of children is one read per day. `_id` is `<YYYY-MM-DD>#<areaCode>`: the dashboard
 * reads by `_id` only, and re-running a day's roll-up replaces the same documents.
 */
export interface StatsDailyRecord {
  _id: string;
  date: string;
  areaCode: string;
  figures: RollupFigures;
  children: Record<string, RollupFigures>;
  rolledUpAt: Date;
}

/** One roll-up run per day (`_id` = date): which areas it wrote and how long it took. */
export interface StatsRunRecord {
  _id: string;
  areas: string[];
  rolledUpAt: Date;
  seconds: number;
}

const statsDailySchema = new Schema<StatsDailyRecord>(
  {
    _id: { type: String, required: true },
    date: { type: String, required: true },
    areaCode: { type: String, required: true },
    figures: { type: Schema.Types.Mixed, required: true },
    children: { type: Schema.Types.Mixed, default: {} },
    rolledUpAt: { type: Date, required: true },
  },
  { strict: 'throw', versionKey: false, collection: 'stats_daily', minimize: false },
);

// A re-run deletes a day by date (indexed on MongoDB; a scan on FerretDB, rare).
statsDailySchema.index({ date: 1 });

const statsRunSchema = new Schema<StatsRunRecord>(
  {
    _id: { type: String, required: true },
    areas: { type: [String], default: [] },
    rolledUpAt: { type: Date, required: true },
    seconds: { type: Number, required: true },
  },
  { strict: 'throw', versionKey: false, collection: 'stats_runs' },
);

export function statsModels(connection: Connection) {
  return { daily: modelOf(connection, 'StatsDaily', statsDailySchema), runs: modelOf(connection, 'StatsRun', statsRunSchema) };
}
