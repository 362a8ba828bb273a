import { Schema, Types, type Connection, type Model } from 'mongoose';
import type { DisclosureKind } from '@tongxin/shared';

/** A published disclosure: insert-only (a correction is a new one). Amounts in fen. */
export interface DisclosureRecord {
  _id: Types.ObjectId;
  campaignId: Types.ObjectId;
  kind: DisclosureKind;
  title: string;
  body: string;
  spendingLines: Array<{ item: string; amountFen: number }>;
  publishedAt: Date;
  by: Types.ObjectId;
}

const disclosureSchema = new Schema<DisclosureRecord>(
  {
    campaignId: { type: Schema.Types.ObjectId, required: true },
    kind: { type: String, required: true, enum: ['progress', 'spending', 'final'] },
    title: { type: String, required: true },
    body: { type: String, required: true },
    spendingLines: { type: [new Schema({ item: String, amountFen: Number }, { _id: false, strict: 'throw' })], default: [] },
    publishedAt: { type: Date, required: true },
    by: { type: Schema.Types.ObjectId, required: true },
  },
  { strict: 'throw', versionKey: false, collection: 'campaign_disclosures' },
);

// A campaign's disclosures, newest first.
disclosureSchema.index({ campaignId: 1, _id: -1 });

export class DisclosuresRepository {
  private readonly disclosures: Model<DisclosureRecord>;

  constructor(connection: Connection) {
    this.disclosures = (connection.models.CampaignDisclosure as Model<DisclosureRecord> | undefined)
      ?? connection.model<DisclosureRecord>('CampaignDisclosure', disclosureSchema);
  }

  async insert(disclosure: DisclosureRecord): Promise<DisclosureRecord> {
    await this.disclosures.create(disclosure);
    return disclosure;
  }

  async listByCampaign(campaignId: Types.ObjectId): Promise<DisclosureRecord[]> {
    return this.disclosures.find({ campaignId }).sort({ _id: -1 }).lean<DisclosureRecord[]>().exec();
  }
}
