import { Schema, Types, type Connection, type Model } from 'mongoose';
import type { CampaignCategory, CampaignStatus } from '@tongxin/shared';

export interface AuditRecord {
  action: 'extend' | 'transition';
  /** Absent when the system moved the campaign (its period ended, its goal was reached). */
  by?: Types.ObjectId;
  at: Date;
  detail: string;
}

export interface CampaignRecord {
  _id: Types.ObjectId;
  organizationId: Types.ObjectId;
  partnerOrganizationId?: Types.ObjectId;
  title: string;
  summary: string;
  /** Amount in fen. */
  goalFen: number;
  startsAt: Date;
  endsAt: Date;
  beneficiary: { kind: string; description: string };
  category: CampaignCategory;
  coverImageUrl?: string;
  budgetLines: Array<{ item: string; amountFen: number }>;
  filing?: { number: string; filedAt: Date };
  ruralProjectId?: Types.ObjectId;
  communityCode?: string;
  /** Ends as soon as donors' and matched money reach the goal. */
  endsOnGoal?: boolean;
  status: CampaignStatus;
  /** When it moved to `ended`. */
  endedAt?: Date;
  /** The next disclosure deadline (null: nothing owed) and its kind; recomputed on every move and publication. */
  disclosureDueAt?: Date | null;
  disclosureDueKind?: 'periodic' | 'final' | null;
  /** Totals as of the last reconciliation with the donation ledger (live ones are in Redis); fen. */
  raisedFen: number;
  matchedFen: number;
  donorCount: number;
  /** Grows with every change of the totals. */
  tallySeq: number;
  /** Append-only: lifecycle moves and extensions of a live campaign. */
  audit: AuditRecord[];
  createdBy: Types.ObjectId;
  createdAt: Date;
  updatedAt: Date;
}

const auditSchema = new Schema<AuditRecord>(
  {
    action: { type: String, required: true },
    by: { type: Schema.Types.ObjectId },
    at: { type: Date, required: true },
    detail: { type: String, required: true },
  },
  { _id: false, strict: 'throw' },
);

const campaignSchema = new Schema<CampaignRecord>(
  {
    organizationId: { type: Schema.Types.ObjectId, required: true },
    partnerOrganizationId: { type: Schema.Types.ObjectId },
    title: { type: String, required: true },
    summary: { type: String, default: '' },
    goalFen: { type: Number, required: true, min: 1 },
    startsAt: { type: Date, required: true },
    endsAt: { type: Date, required: true },
    beneficiary: { type: new Schema({ kind: String, description: String }, { _id: false, strict: 'throw' }), required: true },
    category: { type: String, required: true },
    coverImageUrl: { type: String },
    budgetLines: { type: [new Schema({ item: String, amountFen: Number }, { _id: false, strict: 'throw' })], default: [] },
    filing: { type: new Schema({ number: String, filedAt: Date }, { _id: false, strict: 'throw' }), required: false },
    ruralProjectId: { type: Schema.Types.ObjectId },
    communityCode: { type: String },
    endsOnGoal: { type: Boolean, default: false },
    endedAt: { type: Date },
    disclosureDueAt: { type: Date, default: null },
    disclosureDueKind: { type: String, default: null },
    status: { type: String, required: true, default: 'draft' },
    raisedFen: { type: Number, required: true, default: 0 },
    matchedFen: { type: Number, required: true, default: 0 },
    donorCount: { type: Number, required: true, default: 0 },
    tallySeq: { type: Number, required: true, default: 0 },
    audit: { type: [auditSchema], default: [] },
    createdBy: { type: Schema.Types.ObjectId, required: true },
  },
  { timestamps: true, strict: 'throw', versionKey: false, collection: 'campaigns' },
);

// Public feeds by status (and category), an organization's campaigns.
campaignSchema.index({ status: 1, _id: -1 });
// Campaigns late with a disclosure (civil-affairs admins' list).
campaignSchema.index({ disclosureDueAt: 1 });
// The overdue sweep: live campaigns past their end.
campaignSchema.index({ status: 1, endsAt: 1 });
campaignSchema.index({ status: 1, category: 1, _id: -1 });
campaignSchema.index({ organizationId: 1, status: 1, _id: -1 });
// A rural project's campaigns.
campaignSchema.index({ ruralProjectId: 1, status: 1, _id: -1 });

export function campaignModel(connection: Connection): Model<CampaignRecord> {
  return (connection.models.Campaign as Model<CampaignRecord> | undefined) ?? connection.model<CampaignRecord>('Campaign', campaignSchema);
}
