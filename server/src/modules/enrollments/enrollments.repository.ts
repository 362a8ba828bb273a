import mongoose, { type Connection, type Model, type Types } from 'mongoose';
import type { EnrollmentStatus } from '@tongxin/shared';
import { insertOnce } from '../../platform/insert-once';
import { enrollmentModel, type EnrollmentRecord } from './enrollments.model';
import { EnrollmentObservers, type EnrollmentChange } from './enrollments.observers';
import { onceModel, type OnceRecord } from './once.model';
import { reliabilityModel, type ReliabilityEventRecord, type ReliabilityKind } from './reliability.model';

export type { EnrollmentRecord };

export type NewEnrollment = Omit<EnrollmentRecord, 'createdAt' | 'updatedAt' | 'cancelledAt'>;

export class EnrollmentsRepository {
  private readonly enrollments: Model<EnrollmentRecord>;
  private readonly reliability: Model<ReliabilityEventRecord>;
  private readonly onceKeys: Model<OnceRecord>;
  /** Told after every write that changes a sign-up or adds a reliability fact. */
  readonly observers = new EnrollmentObservers();

  constructor(connection: Connection) {
    this.enrollments = enrollmentModel(connection);
    this.reliability = reliabilityModel(connection);
    this.onceKeys = onceModel(connection);
  }

  /** Inserts first; returns false when this volunteer already has a record for the shift. */
  async insert(enrollment: NewEnrollment): Promise<boolean> {
    const inserted = await insertOnce(this.enrollments, enrollment);
    if (inserted) await this.observers.enrollmentChanged(changeOf(enrollment));
    return inserted;
  }

  /** True for the first caller with this key, false for every later one: exclusive on any store (unique `_id`). */
  async once(key: string): Promise<boolean> {
    return insertOnce(this.onceKeys, { _id: key, at: new Date() });
  }

  async findById(id: string): Promise<EnrollmentRecord | null> {
    return this.enrollments.findById(id).lean<EnrollmentRecord>().exec();
  }

  /** Moves a record from one status to another atomically; null when it was not in `from`. */
  /**
   * Moves a record from one status to another; null when it was not in `from`. Not exclusive on
   * FerretDB (updates there are read-then-write): callers that must win alone take `once` first.
   */
  async transition(id: string, from: EnrollmentStatus, to: EnrollmentStatus, set: Partial<EnrollmentRecord> = {}, unset: Array<keyof EnrollmentRecord> = []) {
    const update = { $set: { ...set, status: to }, ...(unset.length ? { $unset: Object.fromEntries(unset.map((k) => [k, 1])) } : {}) };
    const updated = await this.enrollments
      // A cancelled sign-up that comes back starts a new generation by `createdAt`, which the
      // schema's timestamps make immutable: without this, mongoose drops it from the update silently.
      .findOneAndUpdate({ _id: id, status: from }, update, { returnDocument: 'after', overwriteImmutable: 'createdAt' in set })
      .lean<EnrollmentRecord>()
      .exec();
    if (updated) await this.observers.enrollmentChanged(changeOf(updated));
    return updated;
  }

  /** Live sign-ups (enrolled or waiting) of a need or one of its shifts; rare organizer actions, a scan on FerretDB is fine. */
  async listLive(filter: { needId: Types.ObjectId } | { shiftId: Types.ObjectId }): Promise<EnrollmentRecord[]> {
    return this.enrollments.find({ ...filter, status: mongoose.trusted({ $in: ['enrolled', 'waitlisted'] }) }).lean<EnrollmentRecord[]>().exec();
  }

  async setTimes(id: string, startsAt: Date, endsAt: Date): Promise<void> {
    const updated = await this.enrollments
      .findOneAndUpdate({ _id: id }, { $set: { startsAt, endsAt } }, { returnDocument: 'after' })
      .lean<EnrollmentRecord>()
      .exec();
    if (updated) await this.observers.enrollmentChanged(changeOf(updated));
  }

  /** A plain update (the last writer wins): confirming twice, or asking twice, leaves the same state. */
  async setConfirmation(id: string, field: 'confirmationAskedAt' | 'confirmedAt', at: Date): Promise<void> {
    await this.enrollments.updateOne({ _id: id }, { $set: { [field]: at } }).exec();
  }

  /** The longest-waiting volunteer on a shift's waitlist. */
  async firstWaitlisted(shiftId: Types.ObjectId, except: string[] = []): Promise<EnrollmentRecord | null> {
    const filter = { shiftId, status: 'waitlisted' as const, ...(except.length ? { _id: mongoose.trusted({ $nin: except }) } : {}) };
    return this.enrollments.findOne(filter).sort({ createdAt: 1, _id: 1 }).lean<EnrollmentRecord>().exec();
  }

  /** Records an attendance fact once per sign-up generation. */
  async recordReliability(userId: Types.ObjectId, kind: ReliabilityKind, generation: string): Promise<void> {
    const inserted = await insertOnce(this.reliability, { _id: `${kind}:${generation}`, userId, kind, at: new Date() });
    if (inserted) await this.observers.reliabilityRecorded({ userId: userId.toHexString(), kind });
  }

  /** Records staff reversing a no-show; false when it was reversed before (insert on a unique `_id`). */
  async recordNoShowReversal(userId: Types.ObjectId, generation: string, by: Types.ObjectId): Promise<boolean> {
    const inserted = await insertOnce(this.reliability, { _id: `no_show_reversed:${generation}`, userId, kind: 'no_show_reversed', at: new Date(), by });
    if (inserted) await this.observers.reliabilityRecorded({ userId: userId.toHexString(), kind: 'no_show_reversed' });
    return inserted;
  }

  /** Counts per kind; a reversed no-show does not count. */
  async reliabilityOf(userId: Types.ObjectId): Promise<Record<ReliabilityKind, number>> {
    const counts: Record<ReliabilityKind, number> = { late_cancellation: 0, no_show: 0, completed: 0 };
    const events = await this.reliability.find({ userId }).lean<ReliabilityEventRecord[]>().exec();
    const reversed = new Set(events.filter((e) => e.kind === 'no_show_reversed').map((e) => e._id.slice('no_show_reversed:'.length)));
    for (const event of events) {
      if (event.kind === 'no_show_reversed') continue;
      if (event.kind === 'no_show' && reversed.has(event._id.slice('no_show:'.length))) continue;
      counts[event.kind] += 1;
    }
    return counts;
  }

  async listByUser(userId: string, limit: number): Promise<EnrollmentRecord[]> {
    return this.enrollments.find({ userId }).sort({ startsAt: -1 }).limit(limit).lean<EnrollmentRecord[]>().exec();
  }

  /** Sign-ups starting at or after `from` (a scan on FerretDB; at start-up only). */
  streamStartingFrom(from: Date): AsyncIterable<EnrollmentRecord> {
    return this.enrollments.find({ startsAt: mongoose.trusted({ $gte: from }) }).lean<EnrollmentRecord>().cursor({ batchSize: 5000 });
  }

  /** Places held (not waitlisted) on shifts starting within (from, to]: what may still be owed a reminder. */
  streamEnrolledStarting(from: Date, to: Date): AsyncIterable<Pick<EnrollmentRecord, '_id' | 'startsAt'>> {
    return this.enrollments.find({ status: 'enrolled', startsAt: mongoose.trusted({ $gt: from, $lte: to }) })
      .select({ _id: 1, startsAt: 1 }).lean<EnrollmentRecord>().cursor({ batchSize: 5000 });
  }

  /** Every reliability fact, user and kind only (one pass; at start-up only). */
  streamReliabilityFacts(): AsyncIterable<Pick<ReliabilityEventRecord, '_id' | 'userId' | 'kind'>> {
    return this.reliability.find({}).select({ userId: 1, kind: 1 }).lean<ReliabilityEventRecord>().cursor({ batchSize: 5000 });
  }
}

function changeOf(e: Pick<EnrollmentRecord, '_id' | 'userId' | 'shiftId' | 'status' | 'startsAt' | 'endsAt'>): EnrollmentChange {
  return {
    enrollmentId: e._id, userId: e.userId.toHexString(), shiftId: e.shiftId.toHexString(), status: e.status, startsAt: e.startsAt, endsAt: e.endsAt,
  };
}
