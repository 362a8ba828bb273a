import { countTimeliness, pastDeadlines } from '../../../server/src/modules/campaigns/disclosure-timeliness';

const at = (iso: string) => new Date(iso);
const report = (kind: 'progress' | 'spending' | 'final', iso: string) => ({ kind, publishedAt: at(iso) });

describe('pastDeadlines', () => {
  const long = { startsAt: at('2026-01-01T00:00:00Z'), endsAt: at('2026-12-31T00:00:00Z') };

  it('when a long campaign is live, then each report moves the next deadline; one met early, one late, the next not reached', () => {
    const deadlines = pastDeadlines({ status: 'live', ...long, reports: [report('progress', '2026-03-01T00:00:00Z'), report('spending', '2026-07-01T00:00:00Z')] }, at('2026-09-15T00:00:00Z'));
    expect(deadlines).toEqual([
      { dueAt: at('2026-04-01T00:00:00Z'), kind: 'periodic', metAt: at('2026-03-01T00:00:00Z') },
      { dueAt: at('2026-06-01T00:00:00Z'), kind: 'periodic', metAt: at('2026-07-01T00:00:00Z') },
    ]);
  });

  it('when a live campaign has published nothing past a deadline, then that deadline is unmet and no later one is invented', () => {
    expect(pastDeadlines({ status: 'live', ...long, reports: [] }, at('2026-11-01T00:00:00Z')))
      .toEqual([{ dueAt: at('2026-04-01T00:00:00Z'), kind: 'periodic', metAt: null }]);
  });

  it('when a short campaign ended, then only the full report counts: unmet once 3 months have passed, not before', () => {
    const ended = { status: 'ended' as const, startsAt: at('2026-01-01T00:00:00Z'), endsAt: at('2026-03-01T00:00:00Z'), endedAt: at('2026-03-01T00:00:00Z') };
    expect(pastDeadlines({ ...ended, reports: [report('progress', '2026-04-01T00:00:00Z')] }, at('2026-05-01T00:00:00Z'))).toEqual([]);
    expect(pastDeadlines({ ...ended, reports: [report('progress', '2026-04-01T00:00:00Z')] }, at('2026-07-01T00:00:00Z')))
      .toEqual([{ dueAt: at('2026-06-01T00:00:00Z'), kind: 'final', metAt: null }]);
    expect(pastDeadlines({ ...ended, reports: [report('final', '2026-05-20T00:00:00Z')] }, at('2026-07-01T00:00:00Z')))
      .toEqual([{ dueAt: at('2026-06-01T00:00:00Z'), kind: 'final', metAt: at('2026-05-20T00:00:00Z') }]);
  });

  it('when a long campaign ended, then its periodic clock stops at the end and the full report is due after it', () => {
    const deadlines = pastDeadlines({ status: 'closed', ...long, endedAt: at('2026-05-15T00:00:00Z'), reports: [report('final', '2026-09-01T00:00:00Z')] }, at('2026-12-01T00:00:00Z'));
    expect(deadlines).toEqual([
      { dueAt: at('2026-04-01T00:00:00Z'), kind: 'periodic', metAt: at('2026-09-01T00:00:00Z') },
      { dueAt: at('2026-08-15T00:00:00Z'), kind: 'final', metAt: at('2026-09-01T00:00:00Z') },
    ]);
  });
});

describe('countTimeliness', () => {
  it('counts the deadlines due in the window: on time, late, unmet', () => {
    const deadlines = [
      { dueAt: at('2026-04-01T00:00:00Z'), kind: 'periodic' as const, metAt: at('2026-04-01T00:00:00Z') },
      { dueAt: at('2026-06-01T00:00:00Z'), kind: 'periodic' as const, metAt: at('2026-06-02T00:00:00Z') },
      { dueAt: at('2026-08-01T00:00:00Z'), kind: 'final' as const, metAt: null },
      { dueAt: at('2025-01-01T00:00:00Z'), kind: 'final' as const, metAt: null },
    ];
    expect(countTimeliness(deadlines, at('2026-01-01T00:00:00Z'), at('2027-01-01T00:00:00Z'))).toEqual({ due: 3, onTime: 1, late: 1, overdue: 1 });
  });
});
