import { Schema, Types, type Connection, type Model } from 'mongoose';

export interface AuditEntryRecord {
  /** ObjectId: time-ordered, so newest-first pages go by `_id`. */
  _id: Types.ObjectId;
  at: Date;
  actorId: Types.ObjectId | null;
  actorRoles: string[];
  action: string;
  subjectType: string;
  subjectId: string;
  districtCode: string | null;
  communityCode: string | null;
  before: Record<string, unknown> | null;
  after: Record<string, unknown> | null;
  ip: string | null;
  userAgent: string | null;
  requestId: string | null;
}

const auditEntrySchema = new Schema<AuditEntryRecord>(
  {
    at: { type: Date, required: true },
    actorId: { type: Schema.Types.ObjectId, default: null },
    actorRoles: { type: [String], default: [] },
    action: { type: String, required: true },
    subjectType: { type: String, required: true },
    subjectId: { type: String, required: true },
    districtCode: { type: String, default: null },
    communityCode: { type: String, default: null },
    before: { type: Schema.Types.Mixed, default: null },
    after: { type: Schema.Types.Mixed, default: null },
    ip: { type: String, default: null },
    userAgent: { type: String, default: null },
    requestId: { type: String, default: null },
  },
  { strict: 'throw', versionKey: false, collection: 'audit_entries', minimize: false },
);

// The searches admins run: by district, actor or subject, newest first (on MongoDB; FerretDB scans).
auditEntrySchema.index({ districtCode: 1, _id: -1 });
auditEntrySchema.index({ actorId: 1, _id: -1 });
auditEntrySchema.index({ subjectType: 1, subjectId: 1, _id: -1 });

// Insert-only: no code path may rewrite or remove an entry, whatever calls the model.
const REFUSED = ['updateOne', 'updateMany', 'findOneAndUpdate', 'replaceOne', 'findOneAndReplace', 'deleteOne', 'deleteMany',
  'findOneAndDelete'] as const;
for (const operation of REFUSED) {
  auditEntrySchema.pre(operation, () => {
    throw new Error(`audit entries are insert-only (${operation} refused)`);
  });
}

auditEntrySchema.pre('save', function refuseResave() {
  if (!this.isNew) throw new Error('audit entries are insert-only (save of an existing entry refused)');
});

export function auditEntryModel(connection: Connection): Model<AuditEntryRecord> {
  return (connection.models.AuditEntry as Model<AuditEntryRecord> | undefined) ?? connection.model<AuditEntryRecord>('AuditEntry', auditEntrySchema);
}
