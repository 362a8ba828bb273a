import { Schema, type Connection } from 'mongoose';
import type { StatsExportStatus, StatsExportTable } from '@tongxin/shared';
import { modelOf } from '../../../platform/db';

/** A background export: what was asked, by whom, and where its file stands. `_id` is random (hex). */
export interface StatsExportRecord {
  _id: string;
  ownerId: string;
  table: StatsExportTable;
  areaCode: string;
  from: string;
  to: string;
  status: StatsExportStatus;
  rows: number | null;
  bytes: number | null;
  chunks: number | null;
  createdAt: Date;
  finishedAt: Date | null;
  /** The file (and this record) are purged after this instant. */
  expiresAt: Date;
}

/** One slice of an export's file, `_id` `<exportId>:<n>` (n from 0), so a download reads by `_id` only. */
export interface StatsExportChunkRecord {
  _id: string;
  exportId: string;
  data: Buffer;
}

const exportSchema = new Schema<StatsExportRecord>(
  {
    _id: { type: String, required: true },
    ownerId: { type: String, required: true },
    table: { type: String, required: true },
    areaCode: { type: String, required: true },
    from: { type: String, required: true },
    to: { type: String, required: true },
    status: { type: String, required: true },
    rows: { type: Number, default: null },
    bytes: { type: Number, default: null },
    chunks: { type: Number, default: null },
    createdAt: { type: Date, required: true },
    finishedAt: { type: Date, default: null },
    expiresAt: { type: Date, required: true },
  },
  { strict: 'throw', versionKey: false, collection: 'stats_exports' },
);
// The hourly purge looks for expired exports (indexed on MongoDB; a scan of a small collection on FerretDB).
exportSchema.index({ expiresAt: 1 });

const chunkSchema = new Schema<StatsExportChunkRecord>(
  {
    _id: { type: String, required: true },
    exportId: { type: String, required: true },
    data: { type: Buffer, required: true },
  },
  { strict: 'throw', versionKey: false, collection: 'stats_export_chunks' },
);
// A retried job and the purge remove an export's chunks by export.
chunkSchema.index({ exportId: 1 });

export function exportModels(connection: Connection) {
  return { exports: modelOf(connection, 'StatsExport', exportSchema), chunks: modelOf(connection, 'StatsExportChunk', chunkSchema) };
}
