import mongoose, { Types, type Connection, type Model } from 'mongoose';
import type { CampaignCategory, CampaignStatus } from '@tongxin/shared';
import { campaignModel, type AuditRecord, type CampaignRecord } from './campaigns.model';

export type { AuditRecord, CampaignRecord };

export type NewCampaign = Omit<CampaignRecord,
  '_id' | 'status' | 'raisedFen' | 'matchedFen' | 'donorCount' | 'tallySeq' | 'audit' | 'createdAt' | 'updatedAt'>;

export type DraftChange = Partial<Omit<NewCampaign, 'organizationId' | 'createdBy'>>;

export interface CampaignFilter {
  status: CampaignStatus;
  organizationId?: string;
  category?: CampaignCategory;
  ruralProjectId?: string;
  before?: Types.ObjectId;
}

/** Campaign totals, or a change of them, in fen and donors. */
export interface TallyDelta {
  raisedFen: number;
  matchedFen: number;
  donorCount: number;
}

const OBJECT_ID = /^[a-f0-9]{24}$/;

export class CampaignsRepository {
  private readonly campaigns: Model<CampaignRecord>;

  constructor(connection: Connection) {
    this.campaigns = campaignModel(connection);
  }

  async insert(campaign: NewCampaign): Promise<CampaignRecord> {
    return (await this.campaigns.create({ ...campaign, status: 'draft' })).toObject();
  }

  async findById(id: string | Types.ObjectId): Promise<CampaignRecord | null> {
    if (typeof id === 'string' && !OBJECT_ID.test(id)) return null;
    return this.campaigns.findById(id).lean<CampaignRecord>().exec();
  }

  async list(filter: CampaignFilter, limit: number): Promise<CampaignRecord[]> {
    const query: Record<string, unknown> = { status: filter.status };
    if (filter.organizationId) query.organizationId = new Types.ObjectId(filter.organizationId);
    if (filter.category) query.category = filter.category;
    if (filter.ruralProjectId) query.ruralProjectId = new Types.ObjectId(filter.ruralProjectId);
    if (filter.before) query._id = mongoose.trusted({ $lt: filter.before });
    return this.campaigns.find(query).sort({ _id: -1 }).limit(limit).lean<CampaignRecord[]>().exec();
  }

  /** An organization's campaigns that went live (they owe disclosures), by the organization's index. */
  async listPublishedByOrganization(organizationId: string): Promise<CampaignRecord[]> {
    if (!OBJECT_ID.test(organizationId)) return [];
    return this.campaigns.find({ organizationId: new Types.ObjectId(organizationId), status: mongoose.trusted({ $in: ['live', 'ended', 'closed'] }) })
      .lean<CampaignRecord[]>().exec();
  }

  /** Edits a campaign only while it is in `status`; null when it has moved on. */
  async updateWhile(id: Types.ObjectId, status: CampaignStatus, change: DraftChange): Promise<CampaignRecord | null> {
    return this.campaigns
      .findOneAndUpdate({ _id: id, status }, { $set: change }, { returnDocument: 'after', runValidators: true })
      .lean<CampaignRecord>()
      .exec();
  }

  /** Moves `from` → `to` atomically with its audit entry; null when the campaign was not in `from`. */
  async transition(id: Types.ObjectId, from: CampaignStatus, to: CampaignStatus, audit: AuditRecord): Promise<CampaignRecord | null> {
    return this.campaigns
      .findOneAndUpdate({ _id: id, status: from }, { $set: { status: to, ...(to === 'ended' ? { endedAt: audit.at } : {}) }, $push: { audit } }, { returnDocument: 'after' })
      .lean<CampaignRecord>()
      .exec();
  }

  /**
   * Raises the goal and/or moves the end of a live campaign. The filter refuses a concurrent change
   * that already went further, so an extension can never shrink what another one set.
   */
  async extend(id: Types.ObjectId, change: { goalFen: number; endsAt: Date }, audit: AuditRecord): Promise<CampaignRecord | null> {
    return this.campaigns
      .findOneAndUpdate(
        { _id: id, status: 'live', goalFen: mongoose.trusted({ $lte: change.goalFen }), endsAt: mongoose.trusted({ $lte: change.endsAt }) },
        { $set: change, $push: { audit } },
        { returnDocument: 'after' },
      )
      .lean<CampaignRecord>()
      .exec();
  }

  /**
   * Writes the ledger-derived totals (reconciliation only). Gifts never update the campaign document:
   * on FerretDB 1.24 concurrent `$inc`s of one document lose updates, and every update scans; the
   * live totals are in Redis and the store holds the last reconciled ones.
   */
  async setTotals(id: Types.ObjectId, totals: TallyDelta): Promise<CampaignRecord | null> {
    return this.campaigns
      .findOneAndUpdate({ _id: id }, { $set: { ...totals }, $inc: { tallySeq: 1 } }, { returnDocument: 'after' })
      .lean<CampaignRecord>()
      .exec();
  }

  /** Sets the next disclosure deadline (only the disclosures code writes these two fields). */
  async setDisclosureDue(id: Types.ObjectId, dueAt: Date | null, kind: 'periodic' | 'final' | null): Promise<CampaignRecord | null> {
    return this.campaigns
      .findOneAndUpdate({ _id: id }, { $set: { disclosureDueAt: dueAt, disclosureDueKind: kind } }, { returnDocument: 'after' })
      .lean<CampaignRecord>()
      .exec();
  }

  /** Campaigns whose disclosure deadline has passed, most overdue first. */
  async disclosureOverdue(now: Date, limit: number): Promise<CampaignRecord[]> {
    return this.campaigns.find({ disclosureDueAt: mongoose.trusted({ $lt: now }) }).sort({ disclosureDueAt: 1 }).limit(limit)
      .lean<CampaignRecord[]>().exec();
  }

  /** Live campaigns whose period is over (the overdue sweep). */
  async liveEndedBefore(now: Date): Promise<CampaignRecord[]> {
    return this.campaigns.find({ status: 'live', endsAt: mongoose.trusted({ $lte: now }) }).limit(500).lean<CampaignRecord[]>().exec();
  }

  /** Campaigns whose totals reconciliation should check: every one that ever took money. */
  async listFundraisingIds(): Promise<Types.ObjectId[]> {
    const found = await this.campaigns
      .find({ status: mongoose.trusted({ $in: ['live', 'ended', 'closed'] }) })
      .select({ _id: 1 })
      .lean<Array<{ _id: Types.ObjectId }>>()
      .exec();
    return found.map((c) => c._id);
  }
}
