import { Types, type Connection, type Model } from 'mongoose';
import type { Role, Scopes } from '@tongxin/shared';
import { isDuplicateKeyError } from '../../platform/errors';
import { userIdentityModel, userModel, type UserIdentityRecord, type UserRecord } from './users.model';

export type { UserRecord };

export type NewUser = Pick<UserRecord, 'displayName' | 'roles' | 'scopes'> & Partial<Pick<UserRecord, 'phoneHash' | 'phoneMasked'>>;

const OBJECT_ID = /^[a-f0-9]{24}$/;

/** Users and their sign-in identities; lookups are by `_id` only. */
export class UsersRepository {
  private readonly users: Model<UserRecord>;
  private readonly identities: Model<UserIdentityRecord>;

  constructor(connection: Connection) {
    this.users = userModel(connection);
    this.identities = userIdentityModel(connection);
  }

  /** Null for a missing user and for a string that cannot be a user id. */
  async findById(id: string | Types.ObjectId): Promise<UserRecord | null> {
    if (typeof id === 'string' && !OBJECT_ID.test(id)) return null;
    return this.users.findById(id).lean<UserRecord>().exec();
  }

  /** Ids of users holding `role`, within a district when one is given (few: the city's administrators). */
  async idsWithRole(role: Role, districtCode?: string): Promise<string[]> {
    const filter = districtCode ? { roles: role, 'scopes.districtCode': districtCode } : { roles: role };
    const found = await this.users.find(filter, { _id: 1 }).lean<Array<{ _id: Types.ObjectId }>>().exec();
    return found.map((u) => u._id.toHexString());
  }

  /** Ids of an organization's admins (a handful). */
  async organizationAdminIds(organizationId: string): Promise<string[]> {
    const found = await this.users.find({ roles: 'org_admin', 'scopes.organizationId': organizationId }, { _id: 1 })
      .lean<Array<{ _id: Types.ObjectId }>>().exec();
    return found.map((u) => u._id.toHexString());
  }

  /** Inserts the user under a chosen id; when that id already exists, returns the stored user instead. */
  async insertOrGet(id: Types.ObjectId, user: NewUser): Promise<UserRecord> {
    try {
      return (await this.users.create({ _id: id, ...user })).toObject();
    } catch (error) {
      const stored = isDuplicateKeyError(error) ? await this.findById(id) : null;
      if (!stored) throw error;
      return stored;
    }
  }

  /** Rare path (undoing a failed creation): on FerretDB a delete scans the collection. */
  async deleteById(id: Types.ObjectId): Promise<void> {
    await this.users.deleteOne({ _id: id }).exec();
  }

  async findIdentityOwner(key: string): Promise<Types.ObjectId | null> {
    const identity = await this.identities.findById(key).lean<UserIdentityRecord>().exec();
    return identity?.userId ?? null;
  }

  /** The WeChat openid the user signs in with, or null (a scan of identities on FerretDB: off hot paths). */
  async findWechatOpenId(userId: string): Promise<string | null> {
    const identities = await this.identities.find({ userId: new Types.ObjectId(userId) }).lean<UserIdentityRecord[]>().exec();
    const wechat = identities.find((i) => i._id.startsWith('wx:'));
    return wechat ? wechat._id.slice(3) : null;
  }

  /**
   * Binds an identity to a user, insert-first: returns `userId` when this call won, or the id of the
   * user that already holds the identity (a concurrent first sign-in, or an earlier one).
   */
  async claimIdentity(key: string, userId: Types.ObjectId): Promise<Types.ObjectId> {
    try {
      await this.identities.create({ _id: key, userId, createdAt: new Date() });
      return userId;
    } catch (error) {
      const owner = isDuplicateKeyError(error) ? await this.findIdentityOwner(key) : null;
      if (!owner) throw error;
      return owner;
    }
  }

  /** Adds a role and sets the given scope fields, keeping the others; null when the user does not exist. */
  async addRole(id: string, role: Role, scopes: Scopes): Promise<UserRecord | null> {
    if (!OBJECT_ID.test(id)) return null;
    const scopeFields = Object.fromEntries(
      Object.entries(scopes).filter(([, value]) => value !== undefined).map(([key, value]) => [`scopes.${key}`, value]),
    );
    return this.users
      .findOneAndUpdate({ _id: id }, { $addToSet: { roles: role }, ...(Object.keys(scopeFields).length > 0 ? { $set: scopeFields } : {}) },
        { returnDocument: 'after' })
      .lean<UserRecord>()
      .exec();
  }
}
