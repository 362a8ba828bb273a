import { Types } from 'mongoose';
import {
  findRegion, type Actor, type CreateElderInput, type ElderView, type LinkRelativeInput, type SubsidyProfile,
} from '@tongxin/shared';
import { authorize, can } from '../../access';
import { ForbiddenError, NotFoundError, ValidationError } from '../../../platform/errors';
import type { PiiCipher } from '../../../platform/pii-cipher';
import type { ElderPii } from './elders.model';
import type { ElderRecord, EldersRepository } from './elders.repository';

/** "王秀英" → "王**". */
export function maskElderName(name: string): string {
  const chars = Array.from(name);
  return chars.length <= 1 ? '*' : `${chars[0]}${'*'.repeat(chars.length - 1)}`;
}

/** An elder as booking and pricing need it: the record and the caller's standing. */
export interface ElderForBooking {
  elder: ElderRecord;
  id: string;
  profile: SubsidyProfile;
}

/**
 * Elders' minimal records. Created by community staff, or by a family member with the elder's
 * consent (who is then linked); linked relatives and the community's officials act for the elder.
 * Name and delivery address are sealed at rest; views show a masked name only.
 */
export class EldersService {
  constructor(private readonly repository: EldersRepository, private readonly cipher: PiiCipher) {}

  async create(actor: Actor, input: CreateElderInput): Promise<ElderView> {
    authorize(actor, 'elder:create', { communityCode: input.communityCode });
    if (findRegion(input.communityCode)?.level !== 'community') {
      throw new ValidationError([{ path: 'communityCode', message: '社区不存在' }]);
    }
    const id = new Types.ObjectId();
    const pii: ElderPii = { name: input.name, ...(input.deliveryAddress ? { deliveryAddress: input.deliveryAddress } : {}) };
    const elder = await this.repository.insert({
      _id: id,
      sealed: this.seal(id.toHexString(), pii),
      ageBand: input.ageBand,
      subsidyStatuses: input.subsidyStatuses,
      communityCode: input.communityCode,
      livesAlone: input.livesAlone,
      hasDeliveryAddress: input.deliveryAddress !== undefined,
      consent: { by: input.consent.by, ...(input.consent.note ? { note: input.consent.note } : {}), recordedBy: actor.userId, recordedAt: new Date() },
      createdBy: actor.userId,
    });
    // A family member who records an elder is the first relative; staff act through their community.
    if (!this.isOfficial(actor, input.communityCode)) await this.repository.link(id.toHexString(), actor.userId, '家属', actor.userId);
    return this.present(elder);
  }

  async get(actor: Actor, id: string): Promise<ElderView> {
    return this.present((await this.actingFor(actor, id)).elder);
  }

  async linkRelative(actor: Actor, elderId: string, input: LinkRelativeInput): Promise<ElderView> {
    const { elder } = await this.actingFor(actor, elderId);
    await this.repository.link(elderId, input.userId, input.relation, actor.userId);
    return this.present(elder);
  }

  async listMine(actor: Actor): Promise<{ items: ElderView[] }> {
    const elders = await this.repository.findByIds(await this.repository.eldersOf(actor.userId));
    return { items: elders.map((e) => this.present(e)) };
  }

  /** The elder, if the actor may act for them (a linked relative or an official of their community). */
  async actingFor(actor: Actor, elderId: string): Promise<ElderForBooking> {
    const elder = await this.repository.findById(elderId);
    if (!elder) throw new NotFoundError('老人信息不存在');
    // The community's officials need no link; only others are looked up as relatives.
    const allowed = can(actor, 'elder:act-for', { communityCode: elder.communityCode })
      || (await this.repository.isRelative(elderId, actor.userId)
        && can(actor, 'elder:act-for', { communityCode: elder.communityCode, ownerUserId: actor.userId }));
    if (!allowed) {
      throw new ForbiddenError('只有登记的家属或所在社区的工作人员可以为老人办理');
    }
    return { elder, id: elderId, profile: { ageBand: elder.ageBand, subsidyStatuses: elder.subsidyStatuses } };
  }

  async findById(elderId: string): Promise<ElderRecord | null> {
    return this.repository.findById(elderId);
  }

  isRelative(elderId: string, userId: string): Promise<boolean> {
    return this.repository.isRelative(elderId, userId);
  }

  relativesOf(elderId: string): Promise<string[]> {
    return this.repository.relativesOf(elderId);
  }

  /** The opened name and address; callers decide who may see them and when. */
  open(elder: ElderRecord): ElderPii {
    return JSON.parse(this.cipher.open(elder.sealed, `elder:${elder._id.toHexString()}`)) as ElderPii;
  }

  maskedName(elder: ElderRecord): string {
    return maskElderName(this.open(elder).name);
  }

  present(elder: ElderRecord): ElderView {
    return {
      id: elder._id.toHexString(),
      maskedName: this.maskedName(elder),
      ageBand: elder.ageBand,
      subsidyStatuses: [...elder.subsidyStatuses],
      communityCode: elder.communityCode,
      livesAlone: elder.livesAlone,
      hasDeliveryAddress: elder.hasDeliveryAddress,
      createdAt: elder.createdAt.toISOString(),
    };
  }

  private isOfficial(actor: Actor, communityCode: string): boolean {
    return actor.roles.some((r) => r === 'community_staff' || r === 'district_admin' || r === 'city_admin')
      && can(actor, 'elder:act-for', { communityCode });
  }

  private seal(elderId: string, pii: ElderPii): string {
    return this.cipher.seal(JSON.stringify(pii), `elder:${elderId}`);
  }
}
