import type { Connection, Model, Types } from 'mongoose';
import type { EnrollmentStatus } from '@tongxin/shared';
import { isDuplicateKeyError } from '../../platform/errors';
import { enrollmentModel, type EnrollmentRecord } from './enrollments.model';

export type { EnrollmentRecord };

export type NewEnrollment = Omit<EnrollmentRecord, 'status' | 'createdAt' | 'updatedAt' | 'cancelledAt'>;

export class EnrollmentsRepository {
  private readonly enrollments: Model<EnrollmentRecord>;

  constructor(connection: Connection) {
    this.enrollments = enrollmentModel(connection);
  }

  /** Inserts first; returns false when this volunteer already has a record for the shift. */
  async insert(enrollment: NewEnrollment): Promise<boolean> {
    try {
      await this.enrollments.create({ ...enrollment, status: 'enrolled' });
      return true;
    } catch (error) {
      if (isDuplicateKeyError(error)) return false;
      throw error;
    }
  }

  async findById(id: string): Promise<EnrollmentRecord | null> {
    return this.enrollments.findById(id).lean<EnrollmentRecord>().exec();
  }

  /** Moves a record from one status to another atomically; null when it was not in `from`. */
  async transition(id: string, from: EnrollmentStatus, to: EnrollmentStatus, set: Partial<EnrollmentRecord> = {}) {
    return this.enrollments
      .findOneAndUpdate({ _id: id, status: from }, { $set: { ...set, status: to } }, { returnDocument: 'after' })
      .lean<EnrollmentRecord>()
      .exec();
  }

  /** Live sign-ups of a need or one of its shifts (rare organizer actions: a scan on FerretDB is fine). */
  async listEnrolled(filter: { needId: Types.ObjectId } | { shiftId: Types.ObjectId }): Promise<EnrollmentRecord[]> {
    return this.enrollments.find({ ...filter, status: 'enrolled' }).lean<EnrollmentRecord[]>().exec();
  }

  async setTimes(id: string, startsAt: Date, endsAt: Date): Promise<void> {
    await this.enrollments.updateOne({ _id: id }, { $set: { startsAt, endsAt } }).exec();
  }

  async listByUser(userId: string, limit: number): Promise<EnrollmentRecord[]> {
    return this.enrollments.find({ userId }).sort({ startsAt: -1 }).limit(limit).lean<EnrollmentRecord[]>().exec();
  }
}
