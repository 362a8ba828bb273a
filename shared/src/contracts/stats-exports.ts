import { z } from './zod';
import { areaCodeSchema, statsDateSchema } from './stats';

/**
 * The statistics tables that export as CSV (UTF-8 with a byte-order mark, Chinese headers):
 * `overview` one row per day of an area, `areas` the area's child areas side by side (districts of
 * the city, streets of a district, …), `meal-points` use per meal point, day and meal,
 * `volunteer-hours` the hours ledger of one community (masked names: personal data, audited).
 */
export const STATS_EXPORT_TABLES = ['overview', 'areas', 'meal-points', 'volunteer-hours'] as const;
export type StatsExportTable = (typeof STATS_EXPORT_TABLES)[number];

export const statsExportTableSchema = z.enum(STATS_EXPORT_TABLES, { message: '不支持导出该报表' });

/** What to export: the same scope and range as the statistics API (Shanghai days, both ends included). */
export const statsExportQuerySchema = z.strictObject({
  areaCode: areaCodeSchema.optional(),
  from: statsDateSchema.optional(),
  to: statsDateSchema.optional(),
});
export type StatsExportQuery = z.infer<typeof statsExportQuerySchema>;

/** `POST /api/v1/stats/exports`: starts a background export; `volunteer-hours` needs a community. */
export const createStatsExportSchema = statsExportQuerySchema.extend({ table: statsExportTableSchema });
export type CreateStatsExportBody = z.infer<typeof createStatsExportSchema>;

export type StatsExportStatus = 'queued' | 'running' | 'ready' | 'failed';

/** A background export as its owner sees it; only the owner can read or download it. */
export interface StatsExportView {
  id: string;
  table: StatsExportTable;
  areaCode: string;
  from: string;
  to: string;
  status: StatsExportStatus;
  /** Data rows written (header excluded); null until ready. */
  rows: number | null;
  /** File size in bytes, BOM included; null until ready. */
  bytes: number | null;
  createdAt: string;
  /** After this instant the file is gone (410). */
  expiresAt: string;
  /** Relative URL of the file once `status` is `ready`. */
  downloadUrl: string | null;
}

/** Path parameters: `/api/v1/stats/exports/:table.csv` and `/api/v1/stats/exports/:id`. */
export const statsExportTableParamsSchema = z.strictObject({ table: statsExportTableSchema });
export const statsExportIdParamsSchema = z.strictObject({ id: z.string().regex(/^[0-9a-f]{24}$/, '导出任务编号格式不正确') });
