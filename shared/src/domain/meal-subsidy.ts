/** Meal subsidies for elders: rules are data set by civil-affairs admins; pricing is this pure function. */

export const ELDER_AGE_BANDS = [
  { code: 'under_60', label: '60 岁以下' },
  { code: '60+', label: '60—69 岁' },
  { code: '70+', label: '70—79 岁' },
  { code: '80+', label: '80 岁及以上' },
] as const;
export type ElderAgeBand = (typeof ELDER_AGE_BANDS)[number]['code'];
export const ELDER_AGE_BAND_CODES = ELDER_AGE_BANDS.map((b) => b.code) as unknown as readonly [ElderAgeBand, ...ElderAgeBand[]];

export const SUBSIDY_STATUSES = [
  { code: 'dibao', label: '低保' },
  { code: 'tekun', label: '特困' },
  { code: 'disabled', label: '残疾' },
] as const;
export type SubsidyStatus = (typeof SUBSIDY_STATUSES)[number]['code'];
export const SUBSIDY_STATUS_CODES = SUBSIDY_STATUSES.map((s) => s.code) as unknown as readonly [SubsidyStatus, ...SubsidyStatus[]];

/** The city's subsidy rules. Amounts in fen (1/100 CNY) per meal. */
export interface SubsidyRules {
  /** Subsidy per meal by age band; `under_60` has none by age. */
  ageBands: Record<Exclude<ElderAgeBand, 'under_60'>, number>;
  /** Subsidy per meal by status (低保, 特困, 残疾). */
  statuses: Record<SubsidyStatus, number>;
  /** `max`: the largest single entitlement applies; `sum`: age and every status add up. */
  stacking: 'max' | 'sum';
  /** Subsidized meals per elder: per Shanghai day and per ISO week (Monday to Sunday). */
  caps: { perDay: number; perWeek: number };
  /** Consecutive missed booked meals after which an elder living alone raises a welfare alert. */
  welfareAlertAfterMisses: number;
}

/** Until an admin sets them: Chengdu-like defaults (¥2/¥3/¥5 by age, ¥3/¥5/¥2 by status). */
export const DEFAULT_SUBSIDY_RULES: SubsidyRules = {
  ageBands: { '60+': 200, '70+': 300, '80+': 500 },
  statuses: { dibao: 300, tekun: 500, disabled: 200 },
  stacking: 'max',
  caps: { perDay: 1, perWeek: 5 },
  welfareAlertAfterMisses: 2,
};

export interface SubsidyProfile {
  ageBand: ElderAgeBand;
  subsidyStatuses: readonly SubsidyStatus[];
}

/** Subsidized meals already taken by this elder in the meal's day and week. */
export interface SubsidyUsage {
  today: number;
  thisWeek: number;
}

/** `eligible`: subsidized; otherwise why not. */
export type SubsidyReason = 'eligible' | 'not_eligible' | 'daily_cap' | 'weekly_cap';

/** A meal's price for one elder; amounts in fen, `payableFen = priceFen - subsidyFen`. */
export interface MealPrice {
  priceFen: number;
  subsidyFen: number;
  payableFen: number;
  reason: SubsidyReason;
}

/** What the rules grant this elder per meal, before caps and before the meal's price bounds it. */
export function subsidyEntitlementFen(rules: SubsidyRules, elder: SubsidyProfile): number {
  const amounts = [
    elder.ageBand === 'under_60' ? 0 : rules.ageBands[elder.ageBand],
    ...Array.from(new Set(elder.subsidyStatuses), (status) => rules.statuses[status]),
  ];
  return rules.stacking === 'sum' ? amounts.reduce((a, b) => a + b, 0) : Math.max(...amounts);
}

/** The price an elder pays for a meal, given the rules and the subsidized meals already taken. */
export function priceMeal(priceFen: number, elder: SubsidyProfile, rules: SubsidyRules, usage: SubsidyUsage): MealPrice {
  const entitlement = Math.min(priceFen, subsidyEntitlementFen(rules, elder));
  const unsubsidized = (reason: SubsidyReason): MealPrice => ({ priceFen, subsidyFen: 0, payableFen: priceFen, reason });
  if (entitlement <= 0) return unsubsidized('not_eligible');
  if (usage.today >= rules.caps.perDay) return unsubsidized('daily_cap');
  if (usage.thisWeek >= rules.caps.perWeek) return unsubsidized('weekly_cap');
  return { priceFen, subsidyFen: entitlement, payableFen: priceFen - entitlement, reason: 'eligible' };
}
