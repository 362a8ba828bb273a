import type { AttendancePorts } from './attendance.service';
import type { AttendanceRepository, HoursEntryRecord } from './attendance.repository';

/** One ledger entry with the shift and need it belongs to, for documents built from the ledger (certificates). */
export interface LedgerLine {
  enrollmentId: string;
  kind: HoursEntryRecord['kind'];
  /** Whole minutes; a correction carries the change (negative when hours went down). */
  minutes: number;
  category: string;
  needId: string;
  needTitle: string;
  communityCode: string;
  shiftStartsAt: Date;
}

/**
 * A volunteer's hours ledger joined with its shifts. The ledger is the only source of hours, so every
 * document derived from these lines adds up to what `GET /api/v1/me/hours` shows.
 */
export class HoursLedger {
  constructor(
    private readonly repository: AttendanceRepository,
    private readonly ports: Pick<AttendancePorts, 'findEnrollment' | 'findShiftPlace'>,
  ) {}

  /** `_id` reads per sign-up and need (the store's fast path); a volunteer's ledger is a few hundred entries at most. */
  async linesOf(userId: string): Promise<LedgerLine[]> {
    const ledger = await this.repository.ledgerOf(userId);
    const places = new Map<string, Promise<LedgerLine | null>>();
    const placeOf = (enrollmentId: string) => {
      if (!places.has(enrollmentId)) places.set(enrollmentId, this.place(enrollmentId));
      return places.get(enrollmentId)!;
    };
    const lines = await Promise.all(ledger.map(async (entry) => {
      const place = await placeOf(entry.enrollmentId);
      if (!place) throw new Error(`ledger entry ${entry._id} names a sign-up or shift that does not exist`);
      return { ...place, kind: entry.kind, minutes: entry.minutes, category: entry.category };
    }));
    return lines.sort((a, b) => a.shiftStartsAt.getTime() - b.shiftStartsAt.getTime() || a.enrollmentId.localeCompare(b.enrollmentId));
  }

  private async place(enrollmentId: string): Promise<LedgerLine | null> {
    const enrollment = await this.ports.findEnrollment(enrollmentId);
    const place = enrollment && await this.ports.findShiftPlace(enrollment.needId, enrollment.shiftId);
    if (!enrollment || !place) return null;
    return {
      enrollmentId, kind: 'verified', minutes: 0, category: place.category,
      needId: enrollment.needId, needTitle: place.title, communityCode: place.communityCode, shiftStartsAt: place.startsAt,
    };
  }
}
