import type {
  CampaignOrganizationView, CampaignTally, CampaignView, MatchingPoolView, RecentDonationView,
} from '@tongxin/shared';
import type { CampaignRecord } from './campaigns.repository';
import type { MatchingPoolRecord } from './matching.repository';

export interface CampaignViewParts {
  campaign: CampaignRecord;
  organization: CampaignOrganizationView;
  partner: CampaignOrganizationView | null;
  /** The live tally from Redis, when it has one. */
  liveTally: CampaignTally | null;
  pool: { record: MatchingPoolRecord; remainingFen: number } | null;
  recent: RecentDonationView[];
}

export function storedTally(campaign: CampaignRecord): CampaignTally {
  return {
    raisedFen: campaign.raisedFen,
    donorCount: campaign.donorCount,
    matchedFen: campaign.matchedFen,
    goalFen: campaign.goalFen,
    seq: campaign.tallySeq,
  };
}

export function toPoolView(pool: MatchingPoolRecord, remainingFen: number): MatchingPoolView {
  return {
    sponsorName: pool.sponsorName,
    ratioPercent: pool.ratioPercent,
    capFen: pool.capFen,
    remainingFen,
    perDonorDailyCapFen: pool.perDonorDailyCapFen,
  };
}

export function toCampaignView({ campaign: c, organization, partner, liveTally, pool, recent }: CampaignViewParts, now = new Date()): CampaignView {
  return {
    id: c._id.toHexString(),
    title: c.title,
    summary: c.summary,
    status: c.status,
    category: c.category,
    goalFen: c.goalFen,
    startsAt: c.startsAt.toISOString(),
    endsAt: c.endsAt.toISOString(),
    beneficiary: { kind: c.beneficiary.kind, description: c.beneficiary.description },
    ...(c.coverImageUrl ? { coverImageUrl: c.coverImageUrl } : {}),
    budgetLines: c.budgetLines.map((line) => ({ item: line.item, amountFen: line.amountFen })),
    organization,
    partner,
    filing: c.filing ? { number: c.filing.number, filedAt: c.filing.filedAt.toISOString() } : null,
    ...(c.ruralProjectId ? { ruralProjectId: c.ruralProjectId.toHexString() } : {}),
    ...(c.communityCode ? { communityCode: c.communityCode } : {}),
    tally: liveTally ?? storedTally(c),
    endsOnGoal: c.endsOnGoal === true,
    disclosure: {
      dueAt: c.disclosureDueAt ? c.disclosureDueAt.toISOString() : null,
      dueKind: c.disclosureDueKind ?? null,
      overdue: c.disclosureDueAt ? c.disclosureDueAt < now : false,
    },
    matching: pool ? toPoolView(pool.record, pool.remainingFen) : null,
    recentDonations: recent,
    audit: c.audit.map((entry) => ({ action: entry.action, by: entry.by?.toHexString() ?? 'system', at: entry.at.toISOString(), detail: entry.detail })),
    createdAt: c.createdAt.toISOString(),
  };
}
