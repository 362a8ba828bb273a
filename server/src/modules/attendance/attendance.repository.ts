import type { Connection, Model } from 'mongoose';
import { isDuplicateKeyError } from '../../platform/errors';
import { attendanceModel, type AttendanceRecord } from './attendance.model';
import {
  hoursEntryModel, hoursTotalsModel, type HoursEntryRecord, type HoursTotalsRecord,
} from './service-hours.model';

export type { AttendanceRecord, HoursEntryRecord, HoursTotalsRecord };

export type NewAttendance = Omit<AttendanceRecord, 'status' | 'flags' | 'createdAt' | 'updatedAt'> & { flags?: string[] };

export class AttendanceRepository {
  private readonly attendance: Model<AttendanceRecord>;
  private readonly entries: Model<HoursEntryRecord>;
  private readonly totals: Model<HoursTotalsRecord>;

  constructor(connection: Connection) {
    this.attendance = attendanceModel(connection);
    this.entries = hoursEntryModel(connection);
    this.totals = hoursTotalsModel(connection);
  }

  /** Insert-first check-in: false when this enrollment already has one. */
  async insertCheckIn(record: NewAttendance): Promise<boolean> {
    try {
      await this.attendance.create({ ...record, status: 'checked_in', flags: record.flags ?? [] });
      return true;
    } catch (error) {
      if (isDuplicateKeyError(error)) return false;
      throw error;
    }
  }

  async findById(enrollmentId: string): Promise<AttendanceRecord | null> {
    return this.attendance.findById(enrollmentId).lean<AttendanceRecord>().exec();
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
    try {
      await this.entries.create(entry);
    } catch (error) {
      if (isDuplicateKeyError(error)) return false;
      throw error;
    }
    await this.totals.updateOne(
      { _id: entry.userId },
      { $inc: { totalMinutes: entry.minutes, [`byCategory.${entry.category}`]: entry.minutes, [`byYear.${entry.year}`]: entry.minutes } },
      { upsert: true },
    );
    return true;
  }

  async totalsOf(userId: string): Promise<HoursTotalsRecord | null> {
    return this.totals.findById(userId).lean<HoursTotalsRecord>().exec();
  }
}
