import { randomBytes } from 'node:crypto';
import { pipeline } from 'node:stream/promises';
import { Readable } from 'node:stream';
import type {
  Actor, CreateStatsExportBody, StatsExportQuery, StatsExportTable, StatsExportView,
} from '@tongxin/shared';
import { authorize } from '../../access';
import { csvStream, type CsvCell } from '../../../platform/csv';
import { AppError, ConflictError, NotFoundError, ValidationError } from '../../../platform/errors';
import type { QueueFactory } from '../../../platform/queues';
import type { AuditTrail } from '../../audit/audit.port';
import { QUEUE_NAMES, type StatsExportJob } from '../../queues.registry';
import type { StatsQueries, StatsRange } from '../stats.queries';
import { datesBetween } from '../stats.areas';
import { EXPORT_TABLES, type ExportTableDeps } from './export-tables';
import type { ExportFiles, StatsExportRecord } from './export-files';

export interface CsvDownload {
  filename: string;
  body: Readable;
}

const HOUR_MS = 3_600_000;

/**
 * CSV exports of the statistics tables, scoped like the statistics API (`stats:read`). Small tables
 * stream straight into the response; any table can run as a background job whose file waits in the
 * store for its owner until it expires. Tables holding personal data are audited when asked for and
 * on every download.
 */
export class StatsExports {
  constructor(
    private readonly queries: StatsQueries,
    private readonly tables: ExportTableDeps,
    private readonly files: ExportFiles,
    private readonly queues: QueueFactory,
    private readonly audit: AuditTrail,
    private readonly ttlHours: number,
    private readonly now: () => Date = () => new Date(),
  ) {}

  /** A table streamed now; tables that grow with the city answer EXPORT_NEEDS_JOB. */
  stream(actor: Actor, table: StatsExportTable, query: StatsExportQuery): CsvDownload {
    const range = this.scope(actor, table, query);
    const definition = EXPORT_TABLES[table];
    if (definition.background) throw new ConflictError('EXPORT_NEEDS_JOB');
    return { filename: fileName(table, range), body: csvStream(definition.header, definition.rows(range, this.tables)) };
  }

  async request(actor: Actor, body: CreateStatsExportBody): Promise<StatsExportView> {
    const { table, ...query } = body;
    const range = this.scope(actor, table, query);
    const createdAt = this.now();
    const record: StatsExportRecord = {
      _id: randomBytes(12).toString('hex'), ownerId: actor.userId, table, areaCode: range.areaCode, from: range.from, to: range.to,
      status: 'queued', rows: null, bytes: null, chunks: null, createdAt, finishedAt: null,
      expiresAt: new Date(createdAt.getTime() + this.ttlHours * HOUR_MS),
    };
    if (EXPORT_TABLES[table].personal) await this.audit.record({ actor, action: 'stats-export:request', subject: subjectOf(record), after: { table, from: range.from, to: range.to } });
    await this.files.create(record);
    await this.queues.queue<StatsExportJob>(QUEUE_NAMES.statsExports).add('export', { exportId: record._id }, { jobId: record._id });
    return toView(record);
  }

  async status(actor: Actor, id: string): Promise<StatsExportView> {
    return toView(await this.owned(actor, id));
  }

  async download(actor: Actor, id: string): Promise<CsvDownload> {
    const record = await this.owned(actor, id);
    if (record.expiresAt.getTime() <= this.now().getTime()) throw new AppError('EXPORT_EXPIRED');
    if (record.status !== 'ready') throw new ConflictError('EXPORT_NOT_READY');
    if (EXPORT_TABLES[record.table].personal) await this.audit.record({ actor, action: 'stats-export:download', subject: subjectOf(record), after: { rows: record.rows } });
    return { filename: fileName(record.table, record), body: Readable.from(this.files.read(record._id, record.chunks ?? 0)) };
  }

  /** The job: writes the file chunk by chunk; a retry starts the file over. */
  async run(exportId: string): Promise<{ rows: number; bytes: number }> {
    const record = await this.files.find(exportId);
    if (!record) return { rows: 0, bytes: 0 };
    await this.files.removeChunks(exportId);
    await this.files.update(exportId, { status: 'running' });
    const range: StatsRange = { areaCode: record.areaCode, from: record.from, to: record.to, dates: datesBetween(record.from, record.to) };
    const definition = EXPORT_TABLES[record.table];
    let rows = 0;
    const counted = (async function* count(source: AsyncIterable<CsvCell[]>) {
      for await (const row of source) {
        rows += 1;
        yield row;
      }
    })(definition.rows(range, this.tables));
    const { sink, written } = this.files.writer(exportId);
    await pipeline(csvStream(definition.header, counted), sink);
    const { chunks, bytes } = written();
    await this.files.update(exportId, { status: 'ready', rows, bytes, chunks, finishedAt: this.now() });
    return { rows, bytes };
  }

  async markFailed(exportId: string): Promise<void> {
    await this.files.update(exportId, { status: 'failed', finishedAt: this.now() });
  }

  /** Removes expired exports and their files (scheduled hourly). */
  async purgeExpired(): Promise<{ purged: number }> {
    const expired = await this.files.expired(this.now());
    for (const record of expired) await this.files.remove(record._id);
    return { purged: expired.length };
  }

  private scope(actor: Actor, table: StatsExportTable, query: StatsExportQuery): StatsRange {
    const range = this.queries.rangeFor(actor, query);
    if (EXPORT_TABLES[table].communityOnly && range.areaCode.length !== 12) {
      throw new ValidationError([{ path: 'areaCode', message: '志愿服务时长只能按社区导出，请选择一个社区' }]);
    }
    return range;
  }

  /**
   * Someone else's export does not exist for the caller. Its owner must still hold `stats:read` on its
   * area: a role taken away or a district admin moved elsewhere since the request (their next token
   * carries the change) no longer reads the file, which may hold volunteers' hours.
   */
  private async owned(actor: Actor, id: string): Promise<StatsExportRecord> {
    const record = /^[0-9a-f]{24}$/.test(id) ? await this.files.find(id) : null;
    if (!record || record.ownerId !== actor.userId) throw new NotFoundError('找不到该导出任务');
    authorize(actor, 'stats:read', { communityCode: record.areaCode });
    return record;
  }
}

function fileName(table: StatsExportTable, range: { areaCode: string; from: string; to: string }): string {
  return `${table}-${range.areaCode}-${range.from}-${range.to}.csv`;
}

function subjectOf(record: StatsExportRecord) {
  return { type: 'stats-export', id: record._id, ...(record.areaCode.length === 12 ? { communityCode: record.areaCode } : { districtCode: record.areaCode.slice(0, 6) }) };
}

function toView(record: StatsExportRecord): StatsExportView {
  return {
    id: record._id, table: record.table, areaCode: record.areaCode, from: record.from, to: record.to, status: record.status,
    rows: record.rows, bytes: record.bytes, createdAt: record.createdAt.toISOString(), expiresAt: record.expiresAt.toISOString(),
    downloadUrl: record.status === 'ready' ? `/api/v1/stats/exports/${record._id}/download` : null,
  };
}
