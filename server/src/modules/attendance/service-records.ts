import { stringify } from 'csv-stringify/sync';
import { inert } from '../../platform/csv';
import {
  NEED_CATEGORIES, findRegion,
  type Actor, type ServiceRecordsExport, type ServiceRecordView,
} from '@tongxin/shared';
import type { AttendanceRecord, AttendanceRepository, HoursEntryRecord } from './attendance.repository';
import type { AttendancePorts } from './attendance.service';

const SHANGHAI_OFFSET_MS = 8 * 3_600_000;

/** An instant as ISO 8601 in Asia/Shanghai (fixed +08:00, no daylight saving). */
export function shanghaiIso(instant: Date): string {
  return new Date(instant.getTime() + SHANGHAI_OFFSET_MS).toISOString().replace(/Z$/, '+08:00');
}

const STATUS_LABELS: Record<ServiceRecordView['status'], string> = {
  checked_in: '已签到', checked_out: '已签退', verified: '已核定', supplementary_only: '仅补录',
};
const CATEGORY_LABELS: Record<string, string> = Object.fromEntries(NEED_CATEGORIES.map((c) => [c.code, c.label]));

const CSV_COLUMNS: Array<[keyof ServiceRecordView, string]> = [
  ['enrollmentId', '报名编号'], ['needTitle', '服务项目'], ['categoryName', '服务类别'], ['communityName', '社区'],
  ['shiftStartsAt', '班次开始（北京时间）'], ['shiftEndsAt', '班次结束（北京时间）'], ['checkInAt', '签到时间'], ['checkOutAt', '签退时间'],
  ['systemMinutes', '系统时长（分钟）'], ['verifiedMinutes', '核定时长（分钟）'], ['supplementaryMinutes', '补录时长（分钟）'], ['status', '状态'],
];

/** "2026-12-01T09:00:00+08:00" → "2026-12-01 09:00", which Excel reads as a date and time. */
const excelTime = (iso: string | null) => (iso ? iso.slice(0, 16).replace('T', ' ') : '');

/** A volunteer's service records, exported so hours never stay stranded in this system. */
export class ServiceRecords {
  constructor(
    private readonly repository: AttendanceRepository,
    private readonly ports: Pick<AttendancePorts, 'findEnrollment' | 'findShiftPlace'>,
    private readonly now: () => Date = () => new Date(),
  ) {}

  /** Only the caller's own records: the query is by the actor's id, never by a parameter. */
  async mine(actor: Actor): Promise<ServiceRecordsExport> {
    const [records, ledger] = await Promise.all([this.repository.listByUser(actor.userId), this.repository.ledgerOf(actor.userId)]);
    const supplements = new Map<string, number>();
    // Verified minutes after corrections: the verified entry plus the signed changes corrections appended.
    const verified = new Map<string, number>();
    for (const entry of ledger) {
      if (entry.kind === 'supplementary') supplements.set(entry.enrollmentId, (supplements.get(entry.enrollmentId) ?? 0) + entry.minutes);
      else verified.set(entry.enrollmentId, (verified.get(entry.enrollmentId) ?? 0) + entry.minutes);
    }
    const titles = await this.titlesOf(records);
    const checkedIn = new Set(records.map((r) => r._id));
    const offline = await this.supplementOnly(ledger.filter((e) => e.kind === 'supplementary' && !checkedIn.has(e.enrollmentId)));
    const views = records.map((r) => ({
      ...toRecordView(r, titles.get(r.needId.toHexString()) ?? '', supplements.get(r._id) ?? 0),
      verifiedMinutes: verified.get(r._id) ?? r.verifiedMinutes ?? null,
    }));
    return {
      version: 1,
      generatedAt: shanghaiIso(this.now()),
      timeZone: 'Asia/Shanghai',
      // Same offset everywhere, so the ISO strings sort by time.
      records: [...views, ...offline].sort((a, b) => a.shiftStartsAt.localeCompare(b.shiftStartsAt) || a.enrollmentId.localeCompare(b.enrollmentId)),
    };
  }

  /** UTF-8 with a byte-order mark, so Excel opens the Chinese text correctly. */
  toCsv(data: ServiceRecordsExport): string {
    const rows = data.records.map((r) => CSV_COLUMNS.map(([key]) => {
      if (key === 'status') return STATUS_LABELS[r.status];
      if (key === 'shiftStartsAt' || key === 'shiftEndsAt' || key === 'checkInAt' || key === 'checkOutAt') return excelTime(r[key]);
      const value = r[key];
      return typeof value === 'string' ? inert(value) : value ?? '';
    }));
    return stringify(rows, { bom: true, header: true, columns: CSV_COLUMNS.map(([, label]) => label), record_delimiter: 'windows' });
  }

  /** Shifts served without checking in, known only from supplementary hours. */
  private async supplementOnly(entries: HoursEntryRecord[]): Promise<ServiceRecordView[]> {
    const views = await Promise.all(entries.map(async (entry): Promise<ServiceRecordView | null> => {
      const enrollment = await this.ports.findEnrollment(entry.enrollmentId);
      const place = enrollment && await this.ports.findShiftPlace(enrollment.needId, enrollment.shiftId);
      if (!enrollment || !place) return null;
      return {
        enrollmentId: entry.enrollmentId, needId: enrollment.needId, needTitle: place.title,
        category: place.category, categoryName: CATEGORY_LABELS[place.category] ?? place.category,
        communityCode: place.communityCode, communityName: findRegion(place.communityCode)?.name ?? place.communityCode,
        shiftStartsAt: shanghaiIso(place.startsAt), shiftEndsAt: shanghaiIso(place.endsAt), checkInAt: null, checkOutAt: null,
        systemMinutes: null, verifiedMinutes: null, supplementaryMinutes: entry.minutes, status: 'supplementary_only',
      };
    }));
    return views.filter((v): v is ServiceRecordView => v !== null);
  }

  /** One `_id` read per need (the store's fast path); a volunteer's history is a few hundred shifts at most. */
  private async titlesOf(records: AttendanceRecord[]): Promise<Map<string, string>> {
    const firstByNeed = new Map(records.map((r) => [r.needId.toHexString(), r.shiftId.toHexString()]));
    const titles = new Map<string, string>();
    await Promise.all([...firstByNeed].map(async ([needId, shiftId]) => {
      const place = await this.ports.findShiftPlace(needId, shiftId);
      if (place) titles.set(needId, place.title);
    }));
    return titles;
  }
}

function toRecordView(r: AttendanceRecord, needTitle: string, supplementaryMinutes: number): ServiceRecordView {
  return {
    enrollmentId: r._id,
    needId: r.needId.toHexString(),
    needTitle,
    category: r.category,
    categoryName: CATEGORY_LABELS[r.category] ?? r.category,
    communityCode: r.communityCode,
    communityName: findRegion(r.communityCode)?.name ?? r.communityCode,
    shiftStartsAt: shanghaiIso(r.shiftStartsAt),
    shiftEndsAt: shanghaiIso(r.shiftEndsAt),
    checkInAt: shanghaiIso(r.checkInAt),
    checkOutAt: r.checkOutAt ? shanghaiIso(r.checkOutAt) : null,
    systemMinutes: r.systemMinutes ?? null,
    verifiedMinutes: r.verifiedMinutes ?? null,
    supplementaryMinutes,
    status: r.status,
  };
}
