import type { Connection, Model } from 'mongoose';
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

  /** Appends a ledger entry; false when the entry already exists (the record was verified before). */
  async appendHours(entry: Omit<HoursEntryRecord, 'createdAt'>): Promise<boolean> {
    return insertOnce(this.entries, entry);
  }

  /** One ledger entry by its `_id` (`verify:<enrollmentId>`, `supplement:<enrollmentId>`). */
  async findEntry(id: string): Promise<HoursEntryRecord | null> {
    return this.entries.findById(id).lean<HoursEntryRecord>().exec();
  }

  /**
   * A volunteer's ledger, the only source of their totals: counters kept beside it by `$inc` lose
   * increments on FerretDB 1.24 (updates there are read-then-write). Indexed by userId on MongoDB.
   */
  async ledgerOf(userId: string): Promise<HoursEntryRecord[]> {
    return this.entries.find({ userId }).lean<HoursEntryRecord[]>().exec();
  }
}
