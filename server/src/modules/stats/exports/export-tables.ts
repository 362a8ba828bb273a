import {
  MEALS, NEED_CATEGORIES, findRegion, formatShanghai,
  type StatsExportTable, type StatsFigures,
} from '@tongxin/shared';
import type { CsvCell } from '../../../platform/csv';
import type { StatsQueries, StatsRange } from '../stats.queries';
import type { ExportSources, HoursLine } from './export-sources';

/** Masked real names ("李*") by user id; ids without a profile are left out. */
export type MaskedNames = (userIds: string[]) => Promise<Map<string, string>>;

export interface ExportTableDeps {
  queries: StatsQueries;
  sources: ExportSources;
  maskedNames: MaskedNames;
}

/** One exportable table: Chinese header, rows for a scoped range, and how it may be exported. */
export interface ExportTable {
  header: readonly string[];
  /** Holds personal data (masked names, user ids): every export is audited. */
  personal: boolean;
  /** Rows grow with the city rather than with the range: exported only as a background job. */
  background: boolean;
  /** Only for one community (12-digit code). */
  communityOnly: boolean;
  rows(range: StatsRange, deps: ExportTableDeps): AsyncIterable<CsvCell[]>;
}

const yuan = (fen: number) => (fen / 100).toFixed(2);
const percent = (rate: number | null) => (rate === null ? '' : `${(rate * 100).toFixed(1)}%`);
const areaName = (code: string) => findRegion(code)?.name ?? code;

const FIGURE_COLUMNS: ReadonlyArray<readonly [string, (f: StatsFigures) => CsvCell]> = [
  ['注册志愿者', (f) => f.registeredVolunteers], ['新增志愿者', (f) => f.newVolunteers], ['活跃志愿者（近30天）', (f) => f.activeVolunteers],
  ['核定服务时长（分钟）', (f) => f.verifiedMinutes], ['发布需求', (f) => f.needsPosted], ['提供班次', (f) => f.shiftsOffered],
  ['提供名额', (f) => f.seatsOffered], ['已报名名额', (f) => f.seatsTaken], ['满员班次', (f) => f.shiftsFilled], ['名额填充率', (f) => percent(f.fillRate)],
  ['满员用时中位数（分钟）', (f) => f.medianMinutesToFill], ['应到人次', (f) => f.enrollmentsDue], ['缺席人次', (f) => f.noShows],
  ['缺席率', (f) => percent(f.noShowRate)], ['捐赠笔数', (f) => f.donations], ['捐赠金额（元）', (f) => yuan(f.donationsFen)],
  ['捐赠人次', (f) => f.donors], ['配捐金额（元）', (f) => yuan(f.matchedFen)], ['进行中募捐项目', (f) => f.campaignsLive],
];
const figureCells = (f: StatsFigures) => FIGURE_COLUMNS.map(([, cell]) => cell(f));
const FIGURE_HEADER = FIGURE_COLUMNS.map(([label]) => label);

const LEVEL_LABELS = { city: '市', division: '区（县）', street: '街道（镇）', community: '社区' } as const;
const MEAL_LABELS: Record<string, string> = Object.fromEntries(MEALS.map((m) => [m.code, m.label]));
const CATEGORY_LABELS: Record<string, string> = Object.fromEntries(NEED_CATEGORIES.map((c) => [c.code, c.label]));
const HOURS_KIND_LABELS: Record<string, string> = { verified: '核定', supplementary: '补录', correction: '更正' };
/** Names are looked up this many ledger lines at a time (one `_id` read per new volunteer). */
const NAME_BATCH = 500;

export const EXPORT_TABLES: Record<StatsExportTable, ExportTable> = {
  overview: {
    header: ['日期', '地区编码', '地区', ...FIGURE_HEADER],
    personal: false, background: false, communityOnly: false,
    async *rows(range, { queries }) {
      const overview = await queries.overviewOf(range);
      for (const day of overview.days) yield [day.date, overview.areaCode, overview.areaName, ...figureCells(day.figures)];
    },
  },
  areas: {
    header: ['开始日期', '结束日期', '地区编码', '地区', '层级', ...FIGURE_HEADER],
    personal: false, background: false, communityOnly: false,
    async *rows(range, { queries }) {
      const children = await queries.childrenOf(range);
      for (const item of children.items) {
        yield [children.from, children.to, item.areaCode, item.areaName, LEVEL_LABELS[item.level], ...figureCells(item.figures)];
      }
    },
  },
  'meal-points': {
    header: ['助餐点编号', '助餐点', '社区', '日期', '餐次', '供餐份数', '预订份数', '使用率', '已用餐或送达', '未取餐'],
    personal: false, background: true, communityOnly: false,
    async *rows(range, { sources }) {
      for (const r of await sources.mealUse(range)) {
        yield [r.pointId, r.pointName, areaName(r.communityCode), r.date, MEAL_LABELS[r.meal] ?? r.meal, r.capacity, r.booked,
          percent(r.capacity > 0 ? r.booked / r.capacity : null), r.served, r.missed];
      }
    },
  },
  'volunteer-hours': {
    header: ['记录编号', '记录时间（北京时间）', '志愿者编号', '志愿者', '服务项目', '班次开始（北京时间）', '服务类别', '类型', '时长（分钟）'],
    personal: true, background: true, communityOnly: true,
    async *rows(range, { sources, maskedNames }) {
      const names = new Map<string, string>();
      let batch: HoursLine[] = [];
      const flush = async function* () {
        const unknown = [...new Set(batch.map((l) => l.userId))].filter((id) => !names.has(id));
        for (const [id, name] of await maskedNames(unknown)) names.set(id, name);
        for (const l of batch) {
          yield [l.id, formatShanghai(l.recordedAt), l.userId, names.get(l.userId) ?? '志愿者', l.needTitle, formatShanghai(l.shiftStartsAt),
            CATEGORY_LABELS[l.category] ?? l.category, HOURS_KIND_LABELS[l.kind] ?? l.kind, l.minutes];
        }
        // A city's worth of names would not fit; a community's volunteers do, but keep the map bounded anyway.
        if (names.size > 50_000) names.clear();
        batch = [];
      };
      for await (const line of sources.communityHours(range.areaCode, range)) {
        batch.push(line);
        if (batch.length >= NAME_BATCH) yield* flush();
      }
      yield* flush();
    },
  },
};

