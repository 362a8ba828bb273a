import { Schema, Types, type Connection, type Model } from 'mongoose';
import { insertOnce } from '../../platform/insert-once';

/** `<campaignId>:<userId>`: following is an insert on that key, unfollowing its delete. */
interface FollowerRecord {
  _id: string;
  campaignId: Types.ObjectId;
  userId: Types.ObjectId;
  createdAt: Date;
}

const followerSchema = new Schema<FollowerRecord>(
  {
    _id: { type: String, required: true },
    campaignId: { type: Schema.Types.ObjectId, required: true },
    userId: { type: Schema.Types.ObjectId, required: true },
    createdAt: { type: Date, required: true },
  },
  { strict: 'throw', versionKey: false, collection: 'campaign_followers' },
);

// A campaign's followers (deadline notices); a user's follows.
followerSchema.index({ campaignId: 1 });
followerSchema.index({ userId: 1 });

const keyOf = (campaignId: string, userId: string) => `${campaignId}:${userId}`;

/** Who follows which campaign (关注): deadline notices go to followers and donors. */
export class CampaignFollowers {
  private readonly followers: Model<FollowerRecord>;

  constructor(connection: Connection) {
    this.followers = (connection.models.CampaignFollower as Model<FollowerRecord> | undefined)
      ?? connection.model<FollowerRecord>('CampaignFollower', followerSchema);
  }

  /** Idempotent; false when already following. */
  async follow(campaignId: string, userId: string, at: Date): Promise<boolean> {
    return insertOnce(this.followers, {
      _id: keyOf(campaignId, userId), campaignId: new Types.ObjectId(campaignId), userId: new Types.ObjectId(userId), createdAt: at,
    });
  }

  async unfollow(campaignId: string, userId: string): Promise<void> {
    await this.followers.deleteOne({ _id: keyOf(campaignId, userId) }).exec();
  }

  async isFollowing(campaignId: string, userId: string): Promise<boolean> {
    return (await this.followers.findById(keyOf(campaignId, userId)).select({ _id: 1 }).lean().exec()) !== null;
  }

  async userIdsOf(campaignId: Types.ObjectId): Promise<string[]> {
    const found = await this.followers.find({ campaignId }).select({ userId: 1 }).lean<Array<{ userId: Types.ObjectId }>>().exec();
    return found.map((f) => f.userId.toHexString());
  }
}
