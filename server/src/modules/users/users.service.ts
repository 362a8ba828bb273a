import { Types } from 'mongoose';
import type { Actor, Me, Role, Scopes } from '@tongxin/shared';
import { ConflictError, NotFoundError, UnauthenticatedError } from '../../platform/errors';
import { phoneIdentity, type LoginIdentity, type UserAccounts } from '../auth';
import type { NewUser, UserRecord, UsersRepository } from './users.repository';

/** What everyone who signs up on their own may do; staff roles are granted, never self-assigned. */
const SIGN_UP_ROLES: readonly Role[] = ['volunteer', 'donor'];

export interface CreateUserInput {
  displayName: string;
  roles: Role[];
  scopes?: Scopes;
  /** 11-digit mainland number; stored only as hash and mask, and bound so SMS sign-in finds this user. */
  phone?: string;
}

function identityKey(identity: LoginIdentity): string {
  return identity.kind === 'wechat' ? `wx:${identity.openid}` : `phone:${identity.phoneHash}`;
}

function signUpProfile(identity: LoginIdentity): NewUser {
  if (identity.kind === 'wechat') return { displayName: '微信用户', roles: [...SIGN_UP_ROLES], scopes: {} };
  return {
    displayName: `用户${identity.phoneMasked.slice(-4)}`,
    roles: [...SIGN_UP_ROLES],
    scopes: {},
    phoneHash: identity.phoneHash,
    phoneMasked: identity.phoneMasked,
  };
}

function toActor(user: UserRecord): Actor {
  return { userId: user._id.toHexString(), roles: user.roles, scopes: { ...user.scopes } };
}

function toMe(user: UserRecord): Me {
  return {
    id: user._id.toHexString(),
    displayName: user.displayName,
    roles: user.roles,
    scopes: { ...user.scopes },
    ...(user.phoneMasked ? { phone: user.phoneMasked } : {}),
  };
}

/** Accounts: who a user is, what they may do, and how sign-in identities map to them. */
export class UsersService implements UserAccounts {
  constructor(
    private readonly repository: UsersRepository,
    /** HMAC key for phone numbers (config.PII_HASH_KEY). */
    private readonly piiHashKey: string,
  ) {}

  async getMe(actor: Actor): Promise<Me> {
    const user = await this.repository.findById(actor.userId);
    // A valid token for an account that is gone: the session is over, not a missing page.
    if (!user) throw new UnauthenticatedError();
    return toMe(user);
  }

  /** The account's masked phone (bound at SMS sign-in), or null; never the number itself. */
  async phoneMasked(userId: string): Promise<string | null> {
    return (await this.repository.findById(userId))?.phoneMasked ?? null;
  }

  /** For WeChat subscribe messages: the user's mini-program openid, or null when they never signed in with WeChat. */
  async wechatOpenId(userId: string): Promise<string | null> {
    return this.repository.findWechatOpenId(userId);
  }

  /** Who answers for an area: its district's admins, or the city admins for the city (or a district without any). */
  async adminsFor(districtCode: string | null): Promise<string[]> {
    const district = districtCode ? await this.repository.idsWithRole('district_admin', districtCode) : [];
    return district.length > 0 ? district : this.repository.idsWithRole('city_admin');
  }

  /** Who answers for an organization: its admins now. */
  async organizationAdmins(organizationId: string): Promise<string[]> {
    return this.repository.organizationAdminIds(organizationId);
  }

  async getActor(userId: string): Promise<Actor | null> {
    const user = await this.repository.findById(userId);
    return user ? toActor(user) : null;
  }

  /**
   * The account of a sign-in identity, created on first use. The identity is claimed before the
   * user is written, so two concurrent first sign-ins end in one account; if a crash left a claimed
   * identity without its user, the next sign-in writes the user under the claimed id.
   */
  async findOrCreateByIdentity(identity: LoginIdentity): Promise<Actor> {
    const key = identityKey(identity);
    const userId = (await this.repository.findIdentityOwner(key)) ?? (await this.repository.claimIdentity(key, new Types.ObjectId()));
    const user = (await this.repository.findById(userId)) ?? (await this.repository.insertOrGet(userId, signUpProfile(identity)));
    return toActor(user);
  }

  /**
   * An account made by an operator, not by signing in. Not idempotent: a seed that runs again should
   * use `findOrCreateByIdentity(phoneIdentity(...))` and `grantRole` instead.
   */
  async createUser(input: CreateUserInput): Promise<Me> {
    const phone = input.phone ? phoneIdentity(input.phone, this.piiHashKey) : undefined;
    // The user is written first, so a user that fails validation never leaves its phone claimed.
    const user = await this.repository.insertOrGet(new Types.ObjectId(), {
      displayName: input.displayName,
      roles: [...new Set(input.roles)],
      scopes: input.scopes ?? {},
      ...(phone ? { phoneHash: phone.phoneHash, phoneMasked: phone.phoneMasked } : {}),
    });
    if (phone && !(await this.repository.claimIdentity(identityKey(phone), user._id)).equals(user._id)) {
      await this.repository.deleteById(user._id);
      throw new ConflictError('CONFLICT', '该手机号已绑定其他账号');
    }
    return toMe(user);
  }

  /** Adds a role with its scope (merged into the user's scopes); takes effect at the user's next token refresh. */
  async grantRole(userId: string, role: Role, scopes: Scopes = {}): Promise<Me> {
    const user = await this.repository.addRole(userId, role, scopes);
    if (!user) throw new NotFoundError('用户不存在');
    return toMe(user);
  }
}
