import { VolunteerColumns, type VolunteerEntry } from './columns';
import { entryOf, reliabilityByte, type WeeklyLoad } from './entries';
import type { EnrollmentChange, VolunteerMatchFacts } from './index-ports';
import type { MatchIndex } from './match-index';
import { shanghaiWeekStart } from './query';
import { loadOf, Schedules } from './schedules';

/** A change to apply to every replica's index (published over Redis as JSON). */
export type IndexChange =
  | { t: 'facts'; facts: VolunteerMatchFacts }
  | { t: 'enrollment'; change: EnrollmentChange }
  | { t: 'reliability'; userId: string; reliability: number }
  | { t: 'invited'; userId: string; at: number };

/** Dates travel as ISO strings: revive the ones the changes carry. */
export function reviveChange(raw: IndexChange): IndexChange {
  if (raw.t === 'facts') return { t: 'facts', facts: { ...raw.facts, updatedAt: new Date(raw.facts.updatedAt) } };
  if (raw.t === 'enrollment') {
    return { t: 'enrollment', change: { ...raw.change, startsAt: new Date(raw.change.startsAt), endsAt: new Date(raw.change.endsAt) } };
  }
  return raw;
}

/**
 * The index as the server keeps it current: applies volunteers' facts, sign-ups, reliability and
 * invitations to the columns in place (or the overlay), and rolls the weekly loads over on Monday.
 */
export class LiveIndex {
  private readonly schedules: Schedules;
  private readonly invitesThisWeek = new Map<string, number>();

  constructor(
    public index: MatchIndex,
    private weekStart: number,
    private readonly now: () => number = Date.now,
  ) {
    this.schedules = new Schedules(index.busy);
  }

  apply(change: IndexChange): void {
    this.rollWeek();
    switch (change.t) {
      case 'facts':
        return this.applyFacts(change.facts);
      case 'enrollment':
        this.schedules.apply(change.change);
        return this.refreshLoad(change.change.userId);
      case 'reliability':
        return this.update(change.userId, (e) => ({ ...e, reliability: change.reliability }));
      case 'invited':
        if (change.at < this.weekStart) return;
        this.invitesThisWeek.set(change.userId, (this.invitesThisWeek.get(change.userId) ?? 0) + 1);
        return this.refreshLoad(change.userId);
    }
  }

  /** Zeroes last week's loads and invitations once a new week has begun. */
  rollWeek(): void {
    const weekStart = shanghaiWeekStart(this.now());
    if (weekStart === this.weekStart) return;
    this.weekStart = weekStart;
    this.invitesThisWeek.clear();
    for (const columns of [this.index.main, this.index.overlay]) resetLoads(columns);
    for (const userId of this.index.busy.keys()) this.refreshLoad(userId);
  }

  get currentWeekStart(): number {
    return this.weekStart;
  }

  private applyFacts(facts: VolunteerMatchFacts): void {
    if (!facts.location) return this.index.deactivate(facts.id);
    const at = this.index.locate(facts.id);
    const reliability = at ? at.columns.reliability[at.row]! : reliabilityByte(undefined);
    this.index.upsert(entryOf(facts, reliability, this.loadOf(facts.id)));
  }

  private refreshLoad(userId: string): void {
    const load = this.loadOf(userId);
    this.update(userId, (e) => ({ ...e, loadMinutes: load.minutes, servedDays: load.days, invites: load.invites }));
  }

  private loadOf(userId: string): WeeklyLoad {
    return { ...loadOf(this.index.busy.get(userId), this.weekStart, this.now()), invites: this.invitesThisWeek.get(userId) ?? 0 };
  }

  private update(userId: string, change: (entry: VolunteerEntry) => VolunteerEntry): void {
    const at = this.index.locate(userId);
    if (at) this.index.setRow(at.columns, at.row, change(at.columns.get(at.row)));
  }
}

function resetLoads(columns: VolunteerColumns): void {
  columns.loadMinutes.fill(0);
  columns.servedDays.fill(0);
  columns.invites.fill(0);
}
