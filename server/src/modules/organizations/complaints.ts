import { Schema, Types, type Connection, type Model } from 'mongoose';
import type { Actor, ComplaintCategory, ComplaintReceipt, CreateComplaintBody } from '@tongxin/shared';
import { authorize } from '../access';

/** A complaint about an organization: who (user id only), what kind, a short text. Insert-only. */
interface ComplaintRecord {
  _id: Types.ObjectId;
  organizationId: string;
  userId: Types.ObjectId;
  category: ComplaintCategory;
  description: string;
  createdAt: Date;
}

const complaintSchema = new Schema<ComplaintRecord>(
  {
    organizationId: { type: String, required: true },
    userId: { type: Schema.Types.ObjectId, required: true },
    category: { type: String, required: true },
    description: { type: String, required: true, maxlength: 500 },
    createdAt: { type: Date, required: true },
  },
  { strict: 'throw', versionKey: false, collection: 'organization_complaints' },
);
// Credit signals count an organization's complaints (indexed on MongoDB; a scan on FerretDB).
complaintSchema.index({ organizationId: 1, createdAt: -1 });

/**
 * The minimal complaint record the credit signals count. Handling complaints (replies, outcomes) is
 * not here yet; the text is kept for the civil-affairs staff who will.
 */
export class OrganizationComplaints {
  private readonly complaints: Model<ComplaintRecord>;

  constructor(
    connection: Connection,
    private readonly requireOrganization: (id: string) => Promise<unknown>,
    private readonly now: () => Date = () => new Date(),
  ) {
    this.complaints = (connection.models.OrganizationComplaint as Model<ComplaintRecord> | undefined)
      ?? connection.model<ComplaintRecord>('OrganizationComplaint', complaintSchema);
  }

  async file(actor: Actor, organizationId: string, input: CreateComplaintBody): Promise<ComplaintReceipt> {
    authorize(actor, 'organization:read');
    await this.requireOrganization(organizationId);
    const record: ComplaintRecord = {
      _id: new Types.ObjectId(), organizationId, userId: new Types.ObjectId(actor.userId), category: input.category,
      description: input.description, createdAt: this.now(),
    };
    await this.complaints.create(record);
    return { id: record._id.toHexString(), organizationId, category: record.category, createdAt: record.createdAt.toISOString() };
  }

  /** Complaints filed about the organization, in all and since `since`. */
  async countFor(organizationId: string, since: Date): Promise<{ total: number; since: number }> {
    const found = await this.complaints.find({ organizationId }, { createdAt: 1 }).lean<Array<{ createdAt: Date }>>().exec();
    return { total: found.length, since: found.filter((c) => c.createdAt.getTime() >= since.getTime()).length };
  }
}
