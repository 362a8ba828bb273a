import type { CampaignCategory } from '@tongxin/shared';

/** One paid gift as the recommender reads it: what it went to, net of refunds. */
export interface PastGift {
  campaignId: string;
  amountFen: number;
  category: CampaignCategory;
  districtCode?: string;
  organizationId: string;
}

/** What a donor's choices and giving say about them, each affinity in [0, 1]. */
export interface GivingProfile {
  /** Categories the donor picked. */
  picked: ReadonlySet<CampaignCategory>;
  /** Share of past giving per category, relative to the most given one (that one is 1). */
  categories: ReadonlyMap<CampaignCategory, number>;
  homeDistrict?: string;
  /** Share of past giving per district, relative to the most given one. */
  districts: ReadonlyMap<string, number>;
  organizations: ReadonlySet<string>;
  campaigns: ReadonlySet<string>;
}

/** Sums gifts by key and scales so the largest sum is 1. */
function relativeShares<K>(gifts: readonly PastGift[], keyOf: (g: PastGift) => K | undefined): Map<K, number> {
  const sums = new Map<K, number>();
  for (const gift of gifts) {
    const key = keyOf(gift);
    if (key !== undefined && gift.amountFen > 0) sums.set(key, (sums.get(key) ?? 0) + gift.amountFen);
  }
  const top = Math.max(0, ...sums.values());
  return new Map([...sums].map(([k, v]) => [k, top > 0 ? v / top : 0]));
}

export function givingProfile(picked: readonly CampaignCategory[], gifts: readonly PastGift[], homeDistrict: string | undefined): GivingProfile {
  return {
    picked: new Set(picked),
    categories: relativeShares(gifts, (g) => g.category),
    ...(homeDistrict ? { homeDistrict } : {}),
    districts: relativeShares(gifts, (g) => g.districtCode),
    organizations: new Set(gifts.filter((g) => g.amountFen > 0).map((g) => g.organizationId)),
    campaigns: new Set(gifts.filter((g) => g.amountFen > 0).map((g) => g.campaignId)),
  };
}
