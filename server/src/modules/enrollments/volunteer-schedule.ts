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

  /** A live sign-up of the volunteer that overlaps [startsAt, endsAt), if any. */
  async findOverlap(userId: string, startsAt: Date, endsAt: Date): Promise<EnrollmentRecord | null> {
    const schedule = await this.schedules.findById(userId).lean<ScheduleRecord>().exec();
    const stale: string[] = [];
    let found: EnrollmentRecord | null = null;
    for (const entry of schedule?.entries ?? []) {
      if (entry.startsAt >= endsAt || entry.endsAt <= startsAt) continue;
      const e = await this.repository.findById(entry.enrollmentId);
      const live = e !== null && (e.status === 'enrolled' || e.status === 'waitlisted');
      if (!live) stale.push(entry.enrollmentId);
      else if (e.startsAt < endsAt && e.endsAt > startsAt) {
        found = e;
        break;
      }
    }
    if (stale.length > 0 && schedule) await this.write(schedule._id, schedule.entries.filter((e) => !stale.includes(e.enrollmentId)));
    return found;
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
