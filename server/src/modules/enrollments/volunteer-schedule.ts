import { Schema, Types, type Connection, type Model } from 'mongoose';
import type { EnrollmentRecord, EnrollmentsRepository } from './enrollments.repository';

/** A volunteer's sign-ups with their times, keyed by the volunteer: one `_id` read per overlap check. */
interface ScheduleRecord {
  _id: Types.ObjectId;
  entries: Array<{ enrollmentId: string; startsAt: Date; endsAt: Date }>;
}

const scheduleSchema = new Schema<ScheduleRecord>(
  { entries: [{ _id: false, enrollmentId: String, startsAt: Date, endsAt: Date }] },
  { strict: 'throw', collection: 'volunteer_schedules', versionKey: false },
);

type Span = Pick<EnrollmentRecord, '_id' | 'userId' | 'startsAt' | 'endsAt'>;

/**
 * Each volunteer's sign-ups, kept beside the enrollments so the overlap check at sign-up reads one
 * document by `_id` instead of scanning the enrollments (a full scan on the development store).
 * Entries are written before the sign-up they describe (under the volunteer's sign-up lock) and are
 * never trusted alone: a candidate overlap is confirmed by reading that sign-up, and entries of
 * cancelled or finished sign-ups are dropped when met. A missing entry can only come from a crash
 * between the two writes of a sign-up that then does not exist.
 */
export class VolunteerSchedule {
  private readonly schedules: Model<ScheduleRecord>;

  constructor(
    connection: Connection,
    private readonly repository: EnrollmentsRepository,
  ) {
    this.schedules = (connection.models.VolunteerSchedule as Model<ScheduleRecord> | undefined)
      ?? connection.model<ScheduleRecord>('VolunteerSchedule', scheduleSchema);
  }

  /**
   * Reserves [startsAt, endsAt) for a sign-up about to be written: returns the volunteer's live
   * sign-up that overlaps it, or records the new entry (one read, at most one write). The entry is
   * written before the sign-up, so a refusal or crash after this leaves a stale entry, which is
   * harmless: entries are confirmed against the store and dropped when met stale.
   */
  async reserve({ _id, userId, startsAt, endsAt }: Span): Promise<EnrollmentRecord | null> {
    const schedule = await this.schedules.findById(userId).lean<ScheduleRecord>().exec();
    const kept: ScheduleRecord['entries'] = [];
    for (const entry of schedule?.entries ?? []) {
      if (entry.enrollmentId === _id) continue;
      if (entry.startsAt >= endsAt || entry.endsAt <= startsAt) {
        kept.push(entry);
        continue;
      }
      const e = await this.repository.findById(entry.enrollmentId);
      if (e === null || (e.status !== 'enrolled' && e.status !== 'waitlisted')) continue;
      if (e.startsAt < endsAt && e.endsAt > startsAt) return e;
      kept.push({ enrollmentId: e._id, startsAt: e.startsAt, endsAt: e.endsAt });
    }
    await this.write(userId, [...kept, { enrollmentId: _id, startsAt, endsAt }]);
    return null;
  }

  /** Records (or moves) a sign-up's times. */
  async put({ _id, userId, startsAt, endsAt }: Span): Promise<void> {
    const schedule = await this.schedules.findById(userId).lean<ScheduleRecord>().exec();
    const others = (schedule?.entries ?? []).filter((e) => e.enrollmentId !== _id);
    await this.write(userId, [...others, { enrollmentId: _id, startsAt, endsAt }]);
  }

  // Whole-array writes, one writer per volunteer at a time (the sign-up lock): plain and portable.
  private async write(userId: Types.ObjectId, entries: ScheduleRecord['entries']): Promise<void> {
    await this.schedules.updateOne({ _id: userId }, { $set: { entries } }, { upsert: true }).exec();
  }
}
