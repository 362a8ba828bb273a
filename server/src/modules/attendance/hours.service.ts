import type { Actor, HoursSummaryView } from '@tongxin/shared';
import type { AttendanceRepository, HoursEntryRecord } from './attendance.repository';
import { monthsBetween, starsFor } from './attendance.rules';

const toHours = (minutes: number) => Math.round((minutes / 60) * 10) / 10;

function sumBy(entries: HoursEntryRecord[], key: (e: HoursEntryRecord) => string): Record<string, number> {
  const minutes: Record<string, number> = {};
  for (const entry of entries) minutes[key(entry)] = (minutes[key(entry)] ?? 0) + entry.minutes;
  return Object.fromEntries(Object.entries(minutes).map(([k, m]) => [k, toHours(m)]));
}

/**
 * A volunteer's verified hours and star level, summed from the hours ledger. Supplementary hours are
 * staff-attested service too, so they count towards the total and stars, and are also shown apart.
 */
export class HoursService {
  constructor(
    private readonly repository: AttendanceRepository,
    /** Verified hours for one to five stars. */
    private readonly starThresholds: readonly number[],
    /** Optional months of service for one to five stars (empty: hours alone decide). */
    private readonly starMinMonths: readonly number[] = [],
    private readonly now: () => Date = () => new Date(),
  ) {}

  /** One volunteer's ledger is a few hundred entries at most (1,500 hours is five stars), summed on read. */
  async myHours(actor: Actor): Promise<HoursSummaryView> {
    const ledger = await this.repository.ledgerOf(actor.userId);
    const totalHours = toHours(ledger.reduce((sum, e) => sum + e.minutes, 0));
    const supplementaryMinutes = ledger.filter((e) => e.kind === 'supplementary').reduce((sum, e) => sum + e.minutes, 0);
    return {
      totalHours,
      supplementaryHours: toHours(supplementaryMinutes),
      byCategory: sumBy(ledger, (e) => e.category),
      byYear: sumBy(ledger, (e) => String(e.year)),
      ...starsFor(totalHours, this.starThresholds, this.starMinMonths.length > 0 ? { months: this.monthsOfService(ledger), minMonths: this.starMinMonths } : undefined),
      ...(this.starMinMonths.length > 0 ? { monthsOfService: this.monthsOfService(ledger) } : {}),
    };
  }

  /** Months since the first hours entered the ledger. */
  private monthsOfService(ledger: HoursEntryRecord[]): number {
    const first = ledger.reduce<Date | null>((min, e) => (!min || e.createdAt < min ? e.createdAt : min), null);
    return first ? monthsBetween(first, this.now()) : 0;
  }
}
