import { addCalendarMonths, type CampaignStatus, type DisclosureKind } from '@tongxin/shared';

/** Campaigns running longer than this many months disclose periodically while live. */
export const LONG_CAMPAIGN_MONTHS = 6;
/** At most this many months between disclosures of a long campaign, and from the end to the full report. */
export const DISCLOSURE_INTERVAL_MONTHS = 3;

/** The same instant `months` calendar months later (shared with the receipt window). */
export const addMonths = addCalendarMonths;

export interface DisclosureFacts {
  status: CampaignStatus;
  startsAt: Date;
  endsAt: Date;
  endedAt?: Date | undefined;
  reports: ReadonlyArray<{ kind: DisclosureKind; publishedAt: Date }>;
}

export interface DisclosureDue {
  dueAt: Date;
  kind: 'periodic' | 'final';
}

/**
 * The next disclosure the law asks of a campaign, or null. Live and longer than 6 months: 3 months
 * after the latest progress or spending report (or the start). Ended or closed: the full report,
 * within 3 months of the end, until one is published.
 */
export function nextDisclosureDue(facts: DisclosureFacts): DisclosureDue | null {
  if (facts.status === 'ended' || facts.status === 'closed') {
    if (facts.reports.some((r) => r.kind === 'final')) return null;
    return { dueAt: addMonths(facts.endedAt ?? facts.endsAt, DISCLOSURE_INTERVAL_MONTHS), kind: 'final' };
  }
  if (facts.status !== 'live') return null;
  if (facts.endsAt <= addMonths(facts.startsAt, LONG_CAMPAIGN_MONTHS)) return null;
  const latest = facts.reports.reduce((at, r) => (r.publishedAt > at ? r.publishedAt : at), facts.startsAt);
  return { dueAt: addMonths(latest, DISCLOSURE_INTERVAL_MONTHS), kind: 'periodic' };
}
