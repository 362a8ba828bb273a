import { Schema, Types, type Connection, type Model } from 'mongoose';
import { InsertBatcher } from '../../../platform/insert-batcher';
import { insertOnce, insertOrExisting } from '../../../platform/insert-once';
import { modelOf } from '../../../platform/db';

export interface TeamRecord {
  _id: Types.ObjectId;
  campaignId: Types.ObjectId;
  name: string;
  /** Fen. */
  goalFen: number;
  createdBy: Types.ObjectId;
  createdAt: Date;
}

/** `<campaignId>:<userId>`: a donor is in at most one team per campaign, for good. */
export interface TeamMemberRecord {
  _id: string;
  teamId: Types.ObjectId;
  campaignId: Types.ObjectId;
  userId: Types.ObjectId;
  joinedAt: Date;
}

/**
 * The team ledger: `<donationId>:paid` (a member's gift, positive) and `<donationId>:refund:<n>`
 * (negative), insert-only under the donation ledger's own ids, so every team total is rebuilt from it.
 */
export interface TeamGiftRecord {
  _id: string;
  teamId: Types.ObjectId;
  campaignId: Types.ObjectId;
  userId: Types.ObjectId;
  /** Fen; negative for refunds. */
  amountFen: number;
  donorName: string;
  recordedAt: Date;
}

const teamSchema = new Schema<TeamRecord>({
  campaignId: { type: Schema.Types.ObjectId, required: true },
  name: { type: String, required: true },
  goalFen: { type: Number, required: true, min: 1 },
  createdBy: { type: Schema.Types.ObjectId, required: true },
  createdAt: { type: Date, required: true },
}, { strict: 'throw', versionKey: false, collection: 'campaign_teams' });
teamSchema.index({ campaignId: 1, _id: -1 });

const memberSchema = new Schema<TeamMemberRecord>({
  _id: { type: String, required: true },
  teamId: { type: Schema.Types.ObjectId, required: true },
  campaignId: { type: Schema.Types.ObjectId, required: true },
  userId: { type: Schema.Types.ObjectId, required: true },
  joinedAt: { type: Date, required: true },
}, { strict: 'throw', versionKey: false, collection: 'campaign_team_members' });
memberSchema.index({ teamId: 1 });

const giftSchema = new Schema<TeamGiftRecord>({
  _id: { type: String, required: true },
  teamId: { type: Schema.Types.ObjectId, required: true },
  campaignId: { type: Schema.Types.ObjectId, required: true },
  userId: { type: Schema.Types.ObjectId, required: true },
  amountFen: { type: Number, required: true },
  donorName: { type: String, required: true },
  recordedAt: { type: Date, required: true },
}, { strict: 'throw', versionKey: false, collection: 'campaign_team_gifts' });
// Reconciliation sums one campaign's team ledger.
giftSchema.index({ campaignId: 1 });

export const memberKey = (campaignId: string, userId: string) => `${campaignId}:${userId}`;

export class TeamsRepository {
  private readonly teams: Model<TeamRecord>;
  private readonly members: Model<TeamMemberRecord>;
  private readonly gifts: Model<TeamGiftRecord>;
  private readonly giftInserts: InsertBatcher<TeamGiftRecord>;

  constructor(connection: Connection) {
    this.teams = modelOf(connection, 'CampaignTeam', teamSchema);
    this.members = modelOf(connection, 'CampaignTeamMember', memberSchema);
    this.gifts = modelOf(connection, 'CampaignTeamGift', giftSchema);
    this.giftInserts = new InsertBatcher(this.gifts);
  }

  async insertTeam(team: TeamRecord): Promise<void> {
    await this.teams.create(team);
  }

  async findTeam(id: string | Types.ObjectId): Promise<TeamRecord | null> {
    return this.teams.findById(id).lean<TeamRecord>().exec();
  }

  async teamsOf(campaignId: Types.ObjectId): Promise<TeamRecord[]> {
    return this.teams.find({ campaignId }).sort({ _id: -1 }).limit(1000).lean<TeamRecord[]>().exec();
  }

  /** Joins, or returns the membership the donor already has in this campaign (null when this call joined). */
  async join(member: TeamMemberRecord): Promise<TeamMemberRecord | null> {
    return insertOrExisting(this.members, member);
  }

  async membership(campaignId: string, userId: string): Promise<TeamMemberRecord | null> {
    return this.members.findById(memberKey(campaignId, userId)).lean<TeamMemberRecord>().exec();
  }

  async memberCount(teamId: Types.ObjectId): Promise<number> {
    return this.members.countDocuments({ teamId }).exec();
  }

  async membersOf(campaignId: Types.ObjectId): Promise<TeamMemberRecord[]> {
    return this.members.find({ campaignId }).lean<TeamMemberRecord[]>().exec();
  }

  /** False when this fact was recorded before. */
  async recordGift(gift: TeamGiftRecord): Promise<boolean> {
    return this.giftInserts.insertOnce(gift);
  }

  async recordRefund(refund: TeamGiftRecord): Promise<boolean> {
    return insertOnce(this.gifts, refund);
  }

  async findGift(id: string): Promise<TeamGiftRecord | null> {
    return this.gifts.findById(id).lean<TeamGiftRecord>().exec();
  }

  async giftsOf(campaignId: Types.ObjectId): Promise<TeamGiftRecord[]> {
    return this.gifts.find({ campaignId }).lean<TeamGiftRecord[]>().exec();
  }
}
