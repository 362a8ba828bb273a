import mongoose, { Types, type Connection, type Model } from 'mongoose';
import { auditEntryModel, type AuditEntryRecord } from './audit.model';

export type { AuditEntryRecord };

export interface AuditFilter {
  actorId?: string;
  action?: string;
  subjectType?: string;
  subjectId?: string;
  districtCode?: string;
  from?: Date;
  to?: Date;
  /** Exclusive upper bound on `_id` (the page cursor). */
  before?: string;
}

/** Inserts and reads audit entries; there is deliberately no update or delete here. */
export class AuditRepository {
  private readonly entries: Model<AuditEntryRecord>;

  constructor(connection: Connection) {
    this.entries = auditEntryModel(connection);
  }

  async insert(entry: AuditEntryRecord): Promise<void> {
    await this.entries.create(entry);
  }

  /** Whether an entry of this action on this subject exists (served by the subject index). */
  async has(action: string, subjectType: string, subjectId: string): Promise<boolean> {
    return (await this.entries.exists({ subjectType, subjectId, action }).exec()) !== null;
  }

  async search(filter: AuditFilter, limit: number): Promise<AuditEntryRecord[]> {
    const query: Record<string, unknown> = {};
    if (filter.actorId) query.actorId = new Types.ObjectId(filter.actorId);
    if (filter.action) query.action = filter.action;
    if (filter.subjectType) query.subjectType = filter.subjectType;
    if (filter.subjectId) query.subjectId = filter.subjectId;
    if (filter.districtCode) query.districtCode = filter.districtCode;
    if (filter.from || filter.to) {
      query.at = mongoose.trusted({ ...(filter.from ? { $gte: filter.from } : {}), ...(filter.to ? { $lt: filter.to } : {}) });
    }
    if (filter.before) query._id = mongoose.trusted({ $lt: new Types.ObjectId(filter.before) });
    return this.entries.find(query).sort({ _id: -1 }).limit(limit).lean<AuditEntryRecord[]>().exec();
  }
}
