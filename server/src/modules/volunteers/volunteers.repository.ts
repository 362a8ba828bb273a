import mongoose, { Types, type Connection, type Model } from 'mongoose';
import { isDuplicateKeyError } from '../../platform/errors';
import { MATCH_FACT_FIELDS } from './volunteers.match-facts';
import {
  residentIdKeyModel, volunteerProfileModel, type ResidentIdKeyRecord, type VolunteerProfileRecord,
} from './volunteers.model';

export type { ResidentIdKeyRecord, VolunteerProfileRecord };

export type ProfileFields = Omit<VolunteerProfileRecord, '_id' | 'createdAt' | 'updatedAt'>;

const OBJECT_ID = /^[a-f0-9]{24}$/;

/** Profiles by user id and the ID-number keys; reads are by `_id` only. */
export class VolunteersRepository {
  private readonly profiles: Model<VolunteerProfileRecord>;
  private readonly residentIds: Model<ResidentIdKeyRecord>;

  constructor(connection: Connection) {
    this.profiles = volunteerProfileModel(connection);
    this.residentIds = residentIdKeyModel(connection);
  }

  /** Null for a missing profile and for a string that cannot be a user id. */
  async findProfile(userId: string): Promise<VolunteerProfileRecord | null> {
    if (!OBJECT_ID.test(userId)) return null;
    return this.profiles.findById(userId).lean<VolunteerProfileRecord>().exec();
  }

  /**
   * Writes the whole profile (PUT), keeping its creation time. A first save is an insert (cheap on
   * every store); later ones replace, which on FerretDB scans the collection.
   */
  async saveProfile(userId: string, fields: ProfileFields, existingCreatedAt: Date | undefined): Promise<VolunteerProfileRecord> {
    const now = new Date();
    const record = { _id: new Types.ObjectId(userId), ...fields, createdAt: existingCreatedAt ?? now, updatedAt: now };
    if (!existingCreatedAt) {
      try {
        return (await this.profiles.create(record)).toObject();
      } catch (error) {
        // A concurrent first save of the same user won the insert: this one replaces it, as a PUT would.
        if (!isDuplicateKeyError(error)) throw error;
      }
    }
    // Validate against the schema first: replaceOne casts but does not run validators.
    await this.profiles.validate(record);
    await this.profiles.replaceOne({ _id: record._id }, record, { upsert: true, timestamps: false }).exec();
    return record;
  }

  /** Inserts the key for this user; when it exists, returns the record that holds it instead. */
  async claimResidentId(key: string, userId: string, claimedAt: Date): Promise<ResidentIdKeyRecord> {
    const record = { _id: key, userId: new Types.ObjectId(userId), claimedAt };
    try {
      await this.residentIds.create(record);
      return record;
    } catch (error) {
      const holder = isDuplicateKeyError(error) ? await this.residentIds.findById(key).lean<ResidentIdKeyRecord>().exec() : null;
      if (!holder) throw error;
      return holder;
    }
  }

  /** Moves a stale key from its holder to a new user, atomically; false when the holder changed meanwhile. */
  async takeOverResidentId(key: string, fromUserId: Types.ObjectId, toUserId: string, claimedAt: Date): Promise<boolean> {
    const moved = await this.residentIds
      .findOneAndUpdate({ _id: key, userId: fromUserId }, { $set: { userId: new Types.ObjectId(toUserId), claimedAt } })
      .lean<ResidentIdKeyRecord>()
      .exec();
    return moved !== null;
  }

  /** Frees a key this user holds (their ID number changed, or a save failed); rare, a scan on FerretDB is fine. */
  async releaseResidentId(key: string, userId: string): Promise<void> {
    await this.residentIds.deleteOne({ _id: key, userId: new Types.ObjectId(userId) }).exec();
  }

  /** Marks the profile deactivated (a plain update: the last writer wins). */
  async markDeactivated(userId: string, at: Date): Promise<VolunteerProfileRecord | null> {
    if (!OBJECT_ID.test(userId)) return null;
    return this.profiles
      .findOneAndUpdate({ _id: new Types.ObjectId(userId) }, { $set: { deactivatedAt: at, updatedAt: at } }, { returnDocument: 'after', timestamps: false })
      .lean<VolunteerProfileRecord>()
      .exec();
  }

  /**
   * Streams the matching projection of every profile, or of those updated after `since`: one pass
   * over the collection (on FerretDB every filter is a scan, so both read it whole).
   */
  streamForMatching(since?: Date): AsyncIterable<VolunteerProfileRecord> {
    const filter = since ? { updatedAt: mongoose.trusted({ $gt: since }) } : {};
    return this.profiles.find(filter).select(MATCH_FACT_FIELDS).lean<VolunteerProfileRecord>().cursor({ batchSize: 5000 });
  }
}
