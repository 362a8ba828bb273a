import { DEFAULT_SUBSIDY_RULES, priceMeal, subsidyEntitlementFen, type SubsidyProfile, type SubsidyRules } from '@tongxin/shared';

const RULES: SubsidyRules = {
  ageBands: { '60+': 200, '70+': 300, '80+': 500 },
  statuses: { dibao: 300, tekun: 600, disabled: 250 },
  stacking: 'max',
  caps: { perDay: 1, perWeek: 5 },
  welfareAlertAfterMisses: 2,
};
const SUM: SubsidyRules = { ...RULES, stacking: 'sum' };
const NONE = { today: 0, thisWeek: 0 };
const elder = (ageBand: SubsidyProfile['ageBand'], ...subsidyStatuses: SubsidyProfile['subsidyStatuses'][number][]): SubsidyProfile =>
  ({ ageBand, subsidyStatuses });

describe('priceMeal', () => {
  it.each([
    // [case, price, elder, rules, usage, subsidy, payable, reason]
    ['under 60 without status pays in full', 1200, elder('under_60'), RULES, NONE, 0, 1200, 'not_eligible'],
    ['60+ gets the 60+ amount', 1200, elder('60+'), RULES, NONE, 200, 1000, 'eligible'],
    ['70+ gets the 70+ amount', 1200, elder('70+'), RULES, NONE, 300, 900, 'eligible'],
    ['80+ gets the 80+ amount', 1200, elder('80+'), RULES, NONE, 500, 700, 'eligible'],
    ['under 60 with 残疾 gets the status amount', 1200, elder('under_60', 'disabled'), RULES, NONE, 250, 950, 'eligible'],
    ['max stacking: the larger of age and status', 1200, elder('70+', 'tekun'), RULES, NONE, 600, 600, 'eligible'],
    ['max stacking: age wins over a smaller status', 1200, elder('80+', 'disabled'), RULES, NONE, 500, 700, 'eligible'],
    ['sum stacking: age plus every status', 1200, elder('70+', 'dibao', 'disabled'), SUM, NONE, 850, 350, 'eligible'],
    ['a repeated status counts once', 1200, elder('60+', 'dibao', 'dibao'), SUM, NONE, 500, 700, 'eligible'],
    ['the subsidy never exceeds the price', 400, elder('80+', 'tekun'), SUM, NONE, 400, 0, 'eligible'],
    ['a free meal stays free and unsubsidized', 0, elder('80+'), RULES, NONE, 0, 0, 'not_eligible'],
    ['the daily cap reached: full price', 1200, elder('80+'), RULES, { today: 1, thisWeek: 1 }, 0, 1200, 'daily_cap'],
    ['the weekly cap reached: full price', 1200, elder('80+'), RULES, { today: 0, thisWeek: 5 }, 0, 1200, 'weekly_cap'],
    ['below both caps: subsidized', 1200, elder('80+'), { ...RULES, caps: { perDay: 2, perWeek: 5 } }, { today: 1, thisWeek: 4 }, 500, 700, 'eligible'],
    ['a zero cap means no subsidized meals at all', 1200, elder('80+'), { ...RULES, caps: { perDay: 0, perWeek: 5 } }, NONE, 0, 1200, 'daily_cap'],
  ] as const)('%s', (_name, price, profile, rules, usage, subsidy, payable, reason) => {
    const result = priceMeal(price, profile, rules, usage);
    expect(result).toEqual({ priceFen: price, subsidyFen: subsidy, payableFen: payable, reason });
    expect(result.subsidyFen + result.payableFen).toBe(price);
  });

  it('when no admin has set rules, then the defaults grant by age band', () => {
    expect(subsidyEntitlementFen(DEFAULT_SUBSIDY_RULES, elder('60+'))).toBe(200);
    expect(subsidyEntitlementFen(DEFAULT_SUBSIDY_RULES, elder('80+'))).toBe(500);
  });
});
