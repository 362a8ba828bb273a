import { addMonths, DISCLOSURE_INTERVAL_MONTHS, LONG_CAMPAIGN_MONTHS, type DisclosureFacts } from './disclosure-rules';

/** Disclosure deadlines that fell due, and how they were met. */
export interface DisclosureTimeliness {
  due: number;
  onTime: number;
  late: number;
  overdue: number;
}

export interface PastDeadline {
  dueAt: Date;
  kind: 'periodic' | 'final';
  /** When a report met it; null while unmet. */
  metAt: Date | null;
}

/**
 * Replays the cadence of `nextDisclosureDue` over a campaign's history: every deadline it set up to
 * `now` and the report that met it. While live (and longer than 6 months) each report moves the next
 * deadline to 3 months after it; a deadline passed without one stays missed, and the live clock stops
 * at the end. Ended or closed: the full report within 3 months of the end. A deadline not yet reached
 * and unmet is left out.
 */
export function pastDeadlines(facts: DisclosureFacts, now: Date): PastDeadline[] {
  const reports = [...facts.reports].sort((a, b) => a.publishedAt.getTime() - b.publishedAt.getTime());
  const deadlines: PastDeadline[] = [];
  const ended = facts.status === 'ended' || facts.status === 'closed';
  if ((ended || facts.status === 'live') && facts.endsAt > addMonths(facts.startsAt, LONG_CAMPAIGN_MONTHS)) {
    const liveUntil = ended ? (facts.endedAt ?? facts.endsAt) : now;
    let anchor = facts.startsAt;
    for (;;) {
      const dueAt = addMonths(anchor, DISCLOSURE_INTERVAL_MONTHS);
      if (dueAt > liveUntil) break;
      const next = reports.find((r) => r.publishedAt > anchor);
      deadlines.push({ dueAt, kind: 'periodic', metAt: next?.publishedAt ?? null });
      if (!next) break;
      anchor = next.publishedAt;
    }
  }
  if (ended) {
    const dueAt = addMonths(facts.endedAt ?? facts.endsAt, DISCLOSURE_INTERVAL_MONTHS);
    const final = reports.find((r) => r.kind === 'final');
    if (final || dueAt <= now) deadlines.push({ dueAt, kind: 'final', metAt: final?.publishedAt ?? null });
  }
  return deadlines;
}

/** Counts the deadlines due within [from, to): met by then, met after, or still unmet. */
export function countTimeliness(deadlines: readonly PastDeadline[], from: Date, to: Date): DisclosureTimeliness {
  const counts: DisclosureTimeliness = { due: 0, onTime: 0, late: 0, overdue: 0 };
  for (const d of deadlines) {
    if (d.dueAt < from || d.dueAt >= to) continue;
    counts.due++;
    if (!d.metAt) counts.overdue++;
    else if (d.metAt <= d.dueAt) counts.onTime++;
    else counts.late++;
  }
  return counts;
}
