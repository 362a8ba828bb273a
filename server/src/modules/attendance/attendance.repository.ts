import type { Connection, Model, Types } from 'mongoose';
import { insertOnce } from '../../platform/insert-once';
import { attendanceModel, type AttendanceRecord } from './attendance.model';
import { hoursEntryModel, type HoursEntryRecord } from './service-hours.model';

export type { AttendanceRecord, HoursEntryRecord };

export type NewAttendance = Omit<AttendanceRecord, 'status' | 'flags' | 'createdAt' | 'updatedAt'> & { flags?: string[] };

export class AttendanceRepository {
  private readonly attendance: Model<AttendanceRecord>;
  private readonly entries: Model<HoursEntryRecord>;

  constructor(connection: Connection) {
    this.attendance = attendanceModel(connection);
    this.entries = hoursEntryModel(connection);
  }

  /** Insert-first check-in: false when this enrollment already has one. */
  async insertCheckIn(record: NewAttendance): Promise<boolean> {
    return insertOnce(this.attendance, { ...record, status: 'checked_in', flags: record.flags ?? [] });
  }

  async findById(enrollmentId: string): Promise<AttendanceRecord | null> {
    return this.attendance.findById(enrollmentId).lean<AttendanceRecord>().exec();
  }

  /** A volunteer's attendance, oldest shift first (a scan on FerretDB; indexed by userId on MongoDB). */
  async listByUser(userId: string): Promise<AttendanceRecord[]> {
    return this.attendance.find({ userId }).sort({ shiftStartsAt: 1, _id: 1 }).lean<AttendanceRecord[]>().exec();
  }

  /** Moves the record on only from the expected status, so two check-outs cannot both win. */
  async update(enrollmentId: string, from: AttendanceRecord['status'], set: Partial<AttendanceRecord>, flag?: string) {
    return this.attendance
      .findOneAndUpdate(
        { _id: enrollmentId, status: from },
        { $set: set, ...(flag ? { $addToSet: { flags: flag } } : {}) },
        { returnDocument: 'after' },
      )
      .lean<AttendanceRecord>()
      .exec();
  }

  /** Adds reasons for staff to look; a set, so repeating one changes nothing. */
  async addFlags(enrollmentId: string, flags: string[]): Promise<void> {
    if (flags.length === 0) return;
    await this.attendance.updateOne({ _id: enrollmentId }, { $addToSet: { flags: { $each: flags } } }).exec();
  }

  /** Staff looked at a record's flags (the last reviewer wins; the audit trail keeps every review). */
  async markReviewed(enrollmentId: string, by: Types.ObjectId, note: string | undefined): Promise<AttendanceRecord | null> {
    return this.attendance.findOneAndUpdate(
      { _id: enrollmentId }, { $set: { reviewedAt: new Date(), reviewedBy: by, ...(note ? { reviewNote: note } : {}) } }, { returnDocument: 'after' },
    ).lean<AttendanceRecord>().exec();
  }

  /** A community's attendance, newest shift first (a scan on FerretDB; staff review, not a hot path). */
  async listByCommunity(communityCode: string, limit: number): Promise<AttendanceRecord[]> {
    return this.attendance.find({ communityCode }).sort({ shiftStartsAt: -1, _id: 1 }).limit(limit).lean<AttendanceRecord[]>().exec();
  }

  /** Appends a ledger entry; false when the entry already exists (the record was verified before). */
  async appendHours(entry: Omit<HoursEntryRecord, 'createdAt'>): Promise<boolean> {
    return insertOnce(this.entries, entry);
  }

  /** One ledger entry by its `_id` (`verify:<enrollmentId>`, `supplement:<enrollmentId>`). */
  async findEntry(id: string): Promise<HoursEntryRecord | null> {
    return this.entries.findById(id).lean<HoursEntryRecord>().exec();
  }

  /** Verified minutes after corrections (the last correction's value); null when not verified. Reads by `_id` only. */
  async verifiedMinutesOf(enrollmentId: string): Promise<number | null> {
    const verified = await this.findEntry(`verify:${enrollmentId}`);
    if (!verified) return null;
    let minutes = verified.minutes;
    for (let n = 1; ; n += 1) {
      const correction = await this.findEntry(`correct:${enrollmentId}:${n}`);
      if (!correction) return minutes;
      minutes = correction.correctedMinutes ?? minutes + correction.minutes;
    }
  }

  /**
   * A volunteer's ledger, the only source of their totals: counters kept beside it by `$inc` lose
   * increments on FerretDB 1.24 (updates there are read-then-write). Indexed by userId on MongoDB.
   */
  async ledgerOf(userId: string): Promise<HoursEntryRecord[]> {
    return this.entries.find({ userId }).lean<HoursEntryRecord[]>().exec();
  }
}
