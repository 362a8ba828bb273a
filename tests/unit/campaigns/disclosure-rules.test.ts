import { addMonths, nextDisclosureDue } from '../../../server/src/modules/campaigns/disclosure-rules';

const at = (iso: string) => new Date(iso);

describe('addMonths', () => {
  it('keeps the day, or falls back to the last day of a shorter month', () => {
    expect(addMonths(at('2026-01-15T02:00:00Z'), 3).toISOString()).toBe('2026-04-15T02:00:00.000Z');
    expect(addMonths(at('2026-11-30T16:00:00Z'), 3).toISOString()).toBe('2027-02-28T16:00:00.000Z');
    expect(addMonths(at('2026-08-31T00:00:00Z'), 6).toISOString()).toBe('2027-02-28T00:00:00.000Z');
  });
});

describe('nextDisclosureDue', () => {
  const long = { startsAt: at('2026-01-01T00:00:00Z'), endsAt: at('2026-12-31T00:00:00Z') };

  it('when a campaign of 6 months or less is live, then nothing is due', () => {
    expect(nextDisclosureDue({ status: 'live', startsAt: long.startsAt, endsAt: at('2026-07-01T00:00:00Z'), reports: [] })).toBeNull();
  });

  it('when a longer one is live, then 3 months after the start, and after the latest report', () => {
    expect(nextDisclosureDue({ status: 'live', ...long, reports: [] })).toEqual({ dueAt: at('2026-04-01T00:00:00Z'), kind: 'periodic' });
    expect(nextDisclosureDue({ status: 'live', ...long, reports: [
      { kind: 'progress', publishedAt: at('2026-03-10T00:00:00Z') }, { kind: 'spending', publishedAt: at('2026-02-01T00:00:00Z') },
    ] })).toEqual({ dueAt: at('2026-06-10T00:00:00Z'), kind: 'periodic' });
  });

  it('when it has ended, then the final report within 3 months of the end, until one is published', () => {
    const ended = { status: 'ended' as const, ...long, endedAt: at('2026-10-05T00:00:00Z') };
    expect(nextDisclosureDue({ ...ended, reports: [{ kind: 'progress', publishedAt: at('2026-10-20T00:00:00Z') }] }))
      .toEqual({ dueAt: at('2027-01-05T00:00:00Z'), kind: 'final' });
    expect(nextDisclosureDue({ ...ended, reports: [{ kind: 'final', publishedAt: at('2026-12-01T00:00:00Z') }] })).toBeNull();
    expect(nextDisclosureDue({ status: 'draft', ...long, reports: [] })).toBeNull();
  });
});
