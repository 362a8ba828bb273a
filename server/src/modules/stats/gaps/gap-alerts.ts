import {
  CITY_CODE, divisionCodeOf, findRegion,
  type Actor, type StatsGapList, type StatsGapsQuery, type StatsGapView,
} from '@tongxin/shared';
import { authorize, can } from '../../access';
import type { Logger } from '../../../platform/logger';
import { detectGaps, type GapSources } from './gap-detection';
import type { GapBoard, OpenGap } from './gap-board';
import type { GapRecord, GapRecords } from './gap-records';

/** How a gap alert reaches an admin: the inbox (notifications module), insert-once by `id`. */
export type GapNotify = (userId: string, notice: { id: string; title: string; body: string; data: Record<string, string> }) => Promise<unknown>;

export interface GapAlertPorts extends GapSources {
  /** Admins answering for a district (null: the city). */
  adminsFor(districtCode: string | null): Promise<string[]>;
  notify: GapNotify;
}

/**
 * Gap alerts: a scheduled run detects the gaps, records each new one once (`_id` insert), tells
 * the admins of its district (the city's for city-wide gaps) under the inbox id `gap-alert:<id>`,
 * and closes gaps no longer found, then replaces the gap board with the gaps still open. The
 * dashboard lists the open ones from the board, scoped like the statistics.
 */
export class GapAlerts {
  constructor(
    private readonly records: GapRecords,
    private readonly board: GapBoard,
    private readonly ports: GapAlertPorts,
    private readonly unfilledHours: number,
    private readonly logger: Logger,
    private readonly now: () => Date = () => new Date(),
  ) {}

  async check(): Promise<{ open: number; raised: number; resolved: number }> {
    const now = this.now();
    const detected = await detectGaps(this.ports, now, this.unfilledHours);
    let raised = 0;
    for (const gap of detected) {
      const districtCode = gap.areaCode === CITY_CODE ? null : divisionCodeOf(gap.areaCode);
      const { id, ...facts } = gap;
      const record: GapRecord = { _id: id, ...facts, districtCode, raisedAt: now, notifiedAt: null, resolvedAt: null };
      if (await this.records.open(record)) raised++;
    }
    const seen = new Set(detected.map((g) => g.id));
    const open = await this.records.openGaps();
    const gone = open.filter((g) => !seen.has(g._id)).map((g) => g._id);
    await this.records.resolve(gone, now);
    const stillOpen = open.filter((g) => seen.has(g._id));
    // Telling the admins does not wait on Redis: a board left behind is replaced by the next run.
    await this.board.replace(stillOpen).catch((err: unknown) => this.logger.warn({ err }, 'gap board not replaced; it lags until the next run'));
    for (const gap of stillOpen.filter((g) => !g.notifiedAt)) await this.tell(gap, now);
    if (raised || gone.length) this.logger.info({ raised, resolved: gone.length, open: seen.size }, 'gap alerts checked');
    return { open: seen.size, raised, resolved: gone.length };
  }

  async list(actor: Actor, query: StatsGapsQuery): Promise<StatsGapList> {
    const areaCode = query.areaCode ?? (can(actor, 'stats:read', { communityCode: CITY_CODE }) ? CITY_CODE : actor.scopes.districtCode);
    authorize(actor, 'stats:read', areaCode ? { communityCode: areaCode } : {});
    const items = (await this.board.openIn(areaCode!))
      .sort((a, b) => a.since.getTime() - b.since.getTime() || a._id.localeCompare(b._id));
    return { areaCode: areaCode!, items: items.map(toView) };
  }

  private async tell(gap: GapRecord, now: Date): Promise<void> {
    const admins = await this.ports.adminsFor(gap.districtCode);
    for (const userId of admins) {
      await this.ports.notify(userId, {
        id: `gap-alert:${gap._id}`, title: gap.title, body: gap.detail, data: { gapId: gap._id, kind: gap.kind, areaCode: gap.areaCode, subjectId: gap.subjectId },
      });
    }
    await this.records.markNotified(gap._id, now);
  }
}

function toView(gap: OpenGap): StatsGapView {
  return {
    id: gap._id, kind: gap.kind, areaCode: gap.areaCode, areaName: findRegion(gap.areaCode)?.name ?? gap.areaCode, title: gap.title,
    detail: gap.detail, subjectId: gap.subjectId, since: gap.since.toISOString(), raisedAt: gap.raisedAt.toISOString(),
  };
}
