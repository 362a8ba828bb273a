import { Types } from 'mongoose';
import {
  findRegion,
  type Actor, type CreateVolunteerUnitInput, type MembershipDecisionInput, type MembershipStatus, type UnitMembershipView, type VolunteerUnitView,
} from '@tongxin/shared';
import { authorize, can } from '../access';
import type { AuditTrail } from '../audit';
import { ConflictError, ForbiddenError, NotFoundError, ValidationError } from '../../platform/errors';
import type { UnitMembershipRecord, VolunteerUnitRecord, VolunteerUnitsRepository } from './volunteer-units.repository';

/**
 * The volunteer service network: city admins found the city's organization; an organization's admins
 * (or those of any organization above it) create the ones below and appoint their admins, and decide
 * who joins. Admins are appointed users of any role, so "may administer" is object-level: an `_id`
 * read per unit on the way to the root (four at most).
 */
export class VolunteerUnitsService {
  constructor(
    private readonly repository: VolunteerUnitsRepository,
    private readonly audit: AuditTrail,
  ) {}

  async create(actor: Actor, input: CreateVolunteerUnitInput): Promise<VolunteerUnitView> {
    const region = findRegion(input.regionCode)!;
    let ancestors: Types.ObjectId[] = [];
    if (!input.parentId) {
      authorize(actor, 'volunteer-unit:administer-any');
      if (region.level !== 'city' || input.kind !== 'organization') {
        throw new ValidationError([{ path: 'parentId', message: '只有市级志愿服务组织可以没有上级组织' }]);
      }
    } else {
      const parent = await this.requireUnit(input.parentId);
      await this.requireAdmin(actor, parent, false);
      if (parent.kind === 'team') throw new ValidationError([{ path: 'parentId', message: '队伍下不能再设组织或队伍' }]);
      const fits = input.kind === 'organization' ? region.parentCode === parent.regionCode : input.regionCode.startsWith(parent.regionCode);
      if (!fits) {
        throw new ValidationError([{
          path: 'regionCode', message: input.kind === 'organization' ? '下级组织须设在上级组织所在地区的下一级地区' : '队伍须在所属组织的地区范围内',
        }]);
      }
      ancestors = [...parent.ancestors, parent._id];
    }
    const unit: VolunteerUnitRecord = {
      _id: new Types.ObjectId(), name: input.name, kind: input.kind, regionCode: input.regionCode, ancestors,
      ...(input.parentId ? { parentId: new Types.ObjectId(input.parentId) } : {}),
      ...(input.organizationId ? { organizationId: new Types.ObjectId(input.organizationId) } : {}),
      createdBy: new Types.ObjectId(actor.userId), createdAt: new Date(),
    };
    await this.repository.insertUnit(unit);
    await this.audit.record({ actor, action: 'volunteer-unit:create', subject: { type: 'volunteer-unit', id: unit._id.toHexString() }, after: { name: unit.name, regionCode: unit.regionCode } });
    return toUnitView(unit);
  }

  async get(actor: Actor, id: string): Promise<VolunteerUnitView & { children: VolunteerUnitView[] }> {
    authorize(actor, 'volunteer-unit:read');
    const unit = await this.requireUnit(id);
    return { ...toUnitView(unit), children: (await this.repository.children(unit._id)).map(toUnitView) };
  }

  /** Parent organizations appoint a unit's admins; a unit's own admins cannot appoint more of themselves. */
  async appointAdmin(actor: Actor, unitId: string, userId: string): Promise<{ unitId: string; userId: string }> {
    const unit = await this.requireUnit(unitId);
    await this.requireAdmin(actor, unit, true);
    if (!(await this.repository.appointAdmin(unit._id, userId, new Types.ObjectId(actor.userId)))) throw new ConflictError('CONFLICT', '该用户已是管理员');
    await this.audit.record({ actor, action: 'volunteer-unit:appoint-admin', subject: { type: 'volunteer-unit', id: unitId }, after: { adminUserId: userId } });
    return { unitId, userId };
  }

  async apply(actor: Actor, unitId: string): Promise<UnitMembershipView> {
    authorize(actor, 'volunteer-unit:join');
    const unit = await this.requireUnit(unitId);
    if (!(await this.repository.apply(unit._id, new Types.ObjectId(actor.userId)))) throw new ConflictError('CONFLICT', '你已申请加入或已是成员');
    return toMembershipView((await this.repository.findMembership(unitId, actor.userId))!, unit);
  }

  async decide(actor: Actor, unitId: string, userId: string, input: MembershipDecisionInput): Promise<UnitMembershipView> {
    const unit = await this.requireUnit(unitId);
    await this.requireAdmin(actor, unit, false);
    const status: MembershipStatus = input.approve ? 'approved' : 'rejected';
    const decided = await this.repository.decide(unitId, userId, status, new Types.ObjectId(actor.userId), input.note);
    if (!decided) {
      if (!(await this.repository.findMembership(unitId, userId))) throw new NotFoundError('没有该志愿者的入队申请');
      throw new ConflictError('CONFLICT', '该申请已处理');
    }
    await this.audit.record({ actor, action: 'volunteer-unit:decide', subject: { type: 'volunteer-unit', id: unitId }, after: { userId, status } });
    return toMembershipView(decided, unit);
  }

  async members(actor: Actor, unitId: string, status?: MembershipStatus): Promise<{ items: UnitMembershipView[] }> {
    const unit = await this.requireUnit(unitId);
    await this.requireAdmin(actor, unit, false);
    return { items: (await this.repository.membersOf(unit._id, status)).map((m) => toMembershipView(m, unit)) };
  }

  /** The caller's applications and memberships; several units at once are normal. */
  async mine(actor: Actor): Promise<{ items: UnitMembershipView[] }> {
    const memberships = await this.repository.membershipsOf(new Types.ObjectId(actor.userId));
    const units = new Map((await this.repository.findUnits(memberships.map((m) => m.unitId))).map((u) => [u._id.toHexString(), u]));
    return { items: memberships.flatMap((m) => { const unit = units.get(m.unitId.toHexString()); return unit ? [toMembershipView(m, unit)] : []; }) };
  }

  /** City admins, or an admin of the unit (unless `aboveOnly`) or of any unit above it. */
  async requireAdmin(actor: Actor, unit: VolunteerUnitRecord, aboveOnly: boolean): Promise<void> {
    if (can(actor, 'volunteer-unit:administer-any')) return;
    const candidates = aboveOnly ? unit.ancestors : [...unit.ancestors, unit._id];
    for (const id of candidates) if (await this.repository.isAdmin(id, actor.userId)) return;
    throw new ForbiddenError('只有上级组织或本组织的管理员可以执行此操作');
  }

  async requireUnit(id: string): Promise<VolunteerUnitRecord> {
    const unit = await this.repository.findUnit(id);
    if (!unit) throw new NotFoundError('志愿服务组织不存在');
    return unit;
  }
}

export function toUnitView(u: VolunteerUnitRecord): VolunteerUnitView {
  const region = findRegion(u.regionCode);
  return {
    id: u._id.toHexString(), name: u.name, kind: u.kind, regionCode: u.regionCode, regionName: region?.name ?? u.regionCode,
    level: region?.level ?? 'community', parentId: u.parentId?.toHexString() ?? null, organizationId: u.organizationId?.toHexString() ?? null,
    createdAt: u.createdAt.toISOString(),
  };
}

function toMembershipView(m: UnitMembershipRecord, unit: VolunteerUnitRecord): UnitMembershipView {
  return {
    unitId: m.unitId.toHexString(), unitName: unit.name, userId: m.userId.toHexString(), status: m.status,
    appliedAt: m.appliedAt.toISOString(), ...(m.decidedAt ? { decidedAt: m.decidedAt.toISOString() } : {}),
  };
}
