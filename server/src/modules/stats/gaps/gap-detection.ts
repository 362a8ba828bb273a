import { CITY_CODE, MEALS, findRegion, formatShanghai, type StatsGapKind } from '@tongxin/shared';
import { addDays, datesBetween, shanghaiDate } from '../stats.areas';
import type { ExportSources } from '../exports/export-sources';

/** A gap as a detector sees it now; the alerts turn it into a record the first time. */
export interface DetectedGap {
  id: string;
  kind: StatsGapKind;
  areaCode: string;
  title: string;
  detail: string;
  subjectId: string;
  since: Date;
}

/** An open need waiting with free places (needs module). */
export interface UnfilledNeedFact {
  needId: string;
  title: string;
  communityCode: string;
  postedAt: Date;
  placesOpen: number;
}

/** A campaign past its disclosure deadline (campaigns module, `listOverdueDisclosures()`). */
export interface OverdueDisclosureFact {
  campaignId: string;
  title: string;
  communityCode?: string;
  dueAt: Date;
}

export interface GapSources {
  unfilledNeeds(postedBefore: Date): Promise<Array<UnfilledNeedFact & { nextShiftStartsAt: Date }>>;
  /** The campaigns module's `listOverdueDisclosures()`. */
  overdueDisclosures(): Promise<OverdueDisclosureFact[]>;
  meals: Pick<ExportSources, 'mealUse'>;
}

const HOUR_MS = 3_600_000;
/** Meals checked for being full: today and the next two days (Shanghai). */
const MEAL_DAYS_AHEAD = 2;
const MEAL_LABELS: Record<string, string> = Object.fromEntries(MEALS.map((m) => [m.code, m.label]));
const areaName = (code: string) => findRegion(code)?.name ?? code;

/**
 * The three gaps the civil-affairs bureau wants raised: needs of a community open beyond the
 * threshold with places free (one gap per community, named by its oldest such need, so a community
 * is alerted again only when a new need becomes its oldest waiting one), a meal booked to or past
 * its capacity, and a campaign overdue on disclosure.
 */
export async function detectGaps(sources: GapSources, now: Date, unfilledHours: number): Promise<DetectedGap[]> {
  const [needs, meals, disclosures] = await Promise.all([
    sources.unfilledNeeds(new Date(now.getTime() - unfilledHours * HOUR_MS)),
    mealGaps(sources, now),
    sources.overdueDisclosures(),
  ]);
  return [...needGaps(needs, unfilledHours), ...meals, ...disclosures.map(disclosureGap)];
}

function needGaps(needs: UnfilledNeedFact[], unfilledHours: number): DetectedGap[] {
  const byCommunity = new Map<string, UnfilledNeedFact[]>();
  for (const need of needs) byCommunity.set(need.communityCode, [...(byCommunity.get(need.communityCode) ?? []), need]);
  return [...byCommunity].map(([communityCode, waiting]) => {
    const oldest = waiting.reduce((a, b) => (a.postedAt.getTime() <= b.postedAt.getTime() ? a : b));
    const places = waiting.reduce((sum, n) => sum + n.placesOpen, 0);
    return {
      id: `unfilled:${communityCode}:${oldest.needId}`, kind: 'unfilled-needs', areaCode: communityCode, subjectId: oldest.needId, since: oldest.postedAt,
      title: `${areaName(communityCode)}有 ${waiting.length} 项需求超过 ${unfilledHours} 小时未招满`,
      detail: `共缺 ${places} 个名额；最早的“${oldest.title}”发布于 ${formatShanghai(oldest.postedAt)}。`,
    };
  });
}

async function mealGaps(sources: GapSources, now: Date): Promise<DetectedGap[]> {
  const from = shanghaiDate(now);
  const to = addDays(from, MEAL_DAYS_AHEAD);
  const rows = await sources.meals.mealUse({ areaCode: CITY_CODE, from, to, dates: datesBetween(from, to) });
  return rows.filter((r) => r.capacity > 0 && r.booked >= r.capacity).map((r) => ({
    id: `meal:${r.pointId}:${r.date}:${r.meal}`, kind: 'meal-full', areaCode: r.communityCode, subjectId: r.pointId,
    since: new Date(`${r.date}T00:00:00+08:00`),
    title: `${r.pointName} ${r.date} ${MEAL_LABELS[r.meal] ?? r.meal}${r.booked > r.capacity ? '超出供餐能力' : '已订满'}`,
    detail: `预订 ${r.booked} 份，供餐 ${r.capacity} 份；请协调临近助餐点或增加供餐。`,
  }));
}

function disclosureGap(d: OverdueDisclosureFact): DetectedGap {
  return {
    id: `disclosure:${d.campaignId}:${d.dueAt.toISOString().slice(0, 10)}`, kind: 'disclosure-overdue', areaCode: d.communityCode ?? CITY_CODE,
    subjectId: d.campaignId, since: d.dueAt,
    title: `募捐项目“${d.title}”逾期未公开信息`, detail: `信息公开应于 ${formatShanghai(d.dueAt)} 前完成。`,
  };
}
