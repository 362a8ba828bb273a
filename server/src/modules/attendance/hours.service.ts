import type { Actor, HoursSummaryView } from '@tongxin/shared';
import type { AttendanceRepository } from './attendance.repository';
import { starsFor } from './attendance.rules';

const toHours = (minutes: number) => Math.round((minutes / 60) * 10) / 10;

function mapValues(record: Record<string, number>): Record<string, number> {
  return Object.fromEntries(Object.entries(record).map(([key, minutes]) => [key, toHours(minutes)]));
}

/** A volunteer's verified hours and star level, read from totals kept beside the ledger. */
export class HoursService {
  constructor(
    private readonly repository: AttendanceRepository,
    /** Verified hours for one to five stars. */
    private readonly starThresholds: readonly number[],
  ) {}

  async myHours(actor: Actor): Promise<HoursSummaryView> {
    const totals = await this.repository.totalsOf(actor.userId);
    const totalHours = toHours(totals?.totalMinutes ?? 0);
    return {
      totalHours,
      byCategory: mapValues(totals?.byCategory ?? {}),
      byYear: mapValues(totals?.byYear ?? {}),
      ...starsFor(totalHours, this.starThresholds),
    };
  }
}
