import { Types } from 'mongoose';
import { divisionCodeOf, type Actor, type AuditEntryView, type AuditSearchQuery, type Page } from '@tongxin/shared';
import { authorize, can } from '../access';
import { currentContext, currentOrigin } from '../../platform/context';
import type { AuditRecordInput, AuditTrail } from './audit.port';
import type { AuditEntryRecord, AuditRepository } from './audit.repository';

function districtOf(input: AuditRecordInput): string | null {
  const { subject, actor } = input;
  if (subject.districtCode) return subject.districtCode;
  if (subject.communityCode) return divisionCodeOf(subject.communityCode);
  // An act without an area of its own (an organization, say) is filed under the acting district admin's district.
  return actor !== 'system' ? (actor.scopes.districtCode ?? null) : null;
}

function toView(entry: AuditEntryRecord): AuditEntryView {
  return {
    id: entry._id.toHexString(),
    at: entry.at.toISOString(),
    actorId: entry.actorId?.toHexString() ?? null,
    actorRoles: entry.actorRoles,
    action: entry.action,
    subject: { type: entry.subjectType, id: entry.subjectId },
    districtCode: entry.districtCode,
    communityCode: entry.communityCode,
    before: entry.before,
    after: entry.after,
    ip: entry.ip,
    userAgent: entry.userAgent,
    requestId: entry.requestId,
  };
}

/** Records who did what to what, when and from where; admins search it. Entries are never edited. */
export class AuditService implements AuditTrail {
  constructor(
    private readonly repository: AuditRepository,
    private readonly now: () => Date = () => new Date(),
  ) {}

  async record(input: AuditRecordInput): Promise<void> {
    if (input.once && (await this.repository.has(input.action, input.subject.type, input.subject.id))) return;
    const origin = currentOrigin();
    const actor = input.actor === 'system' ? null : input.actor;
    await this.repository.insert({
      _id: new Types.ObjectId(),
      at: this.now(),
      actorId: actor ? new Types.ObjectId(actor.userId) : null,
      actorRoles: actor ? [...actor.roles] : [],
      action: input.action,
      subjectType: input.subject.type,
      subjectId: input.subject.id,
      districtCode: districtOf(input),
      communityCode: input.subject.communityCode ?? null,
      before: input.before ?? null,
      after: input.after ?? null,
      ip: input.ip ?? origin?.ip ?? null,
      userAgent: input.userAgent ?? origin?.userAgent ?? null,
      requestId: currentContext()?.requestId ?? null,
    });
  }

  /** City admins search everything; a district admin only their district's entries (asked for or not). */
  async search(actor: Actor, query: AuditSearchQuery): Promise<Page<AuditEntryView>> {
    // Only a city-wide reach may leave the district open; anyone else is held to their own.
    const districtCode = query.districtCode ?? (can(actor, 'audit:read') ? undefined : actor.scopes.districtCode);
    authorize(actor, 'audit:read', districtCode ? { communityCode: districtCode } : {});
    const found = await this.repository.search({
      ...(query.actorId ? { actorId: query.actorId } : {}),
      ...(query.action ? { action: query.action } : {}),
      ...(query.subjectType ? { subjectType: query.subjectType } : {}),
      ...(query.subjectId ? { subjectId: query.subjectId } : {}),
      ...(districtCode ? { districtCode } : {}),
      ...(query.from ? { from: new Date(query.from) } : {}),
      ...(query.to ? { to: new Date(query.to) } : {}),
      ...(query.cursor ? { before: query.cursor } : {}),
    }, query.limit + 1);
    const items = found.slice(0, query.limit).map(toView);
    return { items, nextCursor: found.length > query.limit ? items.at(-1)!.id : null };
  }
}
