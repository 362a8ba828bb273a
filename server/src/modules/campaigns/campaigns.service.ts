import { LRUCache } from 'lru-cache';
import { Types } from 'mongoose';
import type {
  Actor, CampaignView, CreateCampaignInput, ListCampaignsQuery, Page, UpdateCampaignInput,
} from '@tongxin/shared';
import { authorize, can } from '../access';
import type { AuditTrail } from '../audit';
import type { OrganizationsService } from '../organizations';
import { ConflictError, NotFoundError, ValidationError } from '../../platform/errors';
import { SingleFlight } from '../../platform/single-flight';
import { filingProblems } from './campaigns.compliance';
import type { CampaignRecord, CampaignsRepository, DraftChange } from './campaigns.repository';
import type { CampaignTallies } from './campaigns.tally';
import { toCampaignView } from './campaigns.view';
import type { MatchingRepository } from './matching.repository';

const UNPUBLISHED = new Set(['draft', 'review']);

/**
 * How stale a campaign may be where a burst reads it (donating, joining its room): another replica's
 * lifecycle move is seen this much later; this process's own moves at once. Milliseconds.
 */
export const RECENT_CAMPAIGN_TTL_MS = 1000;

/** Checks other modules answer for campaigns linked to their records (wired by the composition root). */
export interface CampaignLinks {
  /** Throws unless a campaign of these organizations may be linked to the rural project by this actor. */
  ruralProject(actor: Actor, ruralProjectId: string, organizationIds: readonly string[]): Promise<void>;
}

/** Creating, editing, finding and showing campaigns. Lifecycle moves live in campaigns.lifecycle.ts. */
export class CampaignsService {
  private readonly recentlyRead = new LRUCache<string, CampaignRecord>({ max: 10_000, ttl: RECENT_CAMPAIGN_TTL_MS });
  /** When the copy expires under a burst, the requests waiting for it share one read. */
  private readonly recentReads = new SingleFlight<CampaignRecord>();

  constructor(
    private readonly repository: CampaignsRepository,
    private readonly matching: MatchingRepository,
    private readonly tallies: CampaignTallies,
    private readonly organizations: OrganizationsService,
    private readonly trail: AuditTrail,
    private readonly now: () => Date = () => new Date(),
  ) {}

  /** Set once by the composition root; without it, links to rural projects are refused. */
  links: CampaignLinks | undefined;

  private async checkRuralProject(actor: Actor, ruralProjectId: string | undefined, organizationIds: Array<string | undefined>): Promise<void> {
    if (!ruralProjectId) return;
    if (!this.links) throw new ValidationError([{ path: 'ruralProjectId', message: '暂不支持关联乡村振兴项目' }]);
    await this.links.ruralProject(actor, ruralProjectId, organizationIds.filter((id): id is string => id !== undefined));
  }

  /**
   * A qualified organization runs a campaign on its own; an unqualified one only together with a
   * qualified partner (合作募捐), who is then shown on the page.
   */
  async create(actor: Actor, input: CreateCampaignInput): Promise<CampaignView> {
    authorize(actor, 'campaign:create', { organizationId: input.organizationId });
    const own = await this.organizations.fundraiser(input.organizationId);
    if (own.organization.status !== 'active') throw new ConflictError('ORGANIZATION_NOT_QUALIFIED', '发起组织已被暂停');
    if (!own.qualified) {
      if (!input.partnerOrganizationId) throw new ConflictError('ORGANIZATION_NOT_QUALIFIED', '无公开募捐资格的组织须与具有资格的组织合作募捐');
      if (!(await this.organizations.fundraiser(input.partnerOrganizationId)).qualified) {
        throw new ConflictError('ORGANIZATION_NOT_QUALIFIED', '合作方不具备有效的公开募捐资格');
      }
    }
    await this.checkRuralProject(actor, input.ruralProjectId, [input.organizationId, input.partnerOrganizationId]);
    const { organizationId, ...rest } = input;
    const fields = toRecordFields(rest);
    const startsAt = new Date(input.startsAt);
    const endsAt = new Date(input.endsAt);
    this.checkDates({ ...fields, startsAt, endsAt });
    const campaign = await this.repository.insert({
      ...fields,
      title: input.title,
      summary: input.summary,
      goalFen: input.goalFen,
      startsAt,
      endsAt,
      beneficiary: input.beneficiary,
      category: input.category,
      budgetLines: input.budgetLines,
      organizationId: new Types.ObjectId(organizationId),
      createdBy: new Types.ObjectId(actor.userId),
    });
    await this.trail.record({
      actor, action: 'campaign:create', subject: { type: 'campaign', id: campaign._id.toHexString() },
      after: { organizationId, goalFen: input.goalFen, startsAt: input.startsAt, endsAt: input.endsAt },
    });
    return this.view(campaign);
  }

  /** Edits a draft; a campaign in review or later is no longer editable (extend a live one instead). */
  async updateDraft(actor: Actor, id: string, input: UpdateCampaignInput): Promise<CampaignView> {
    const campaign = await this.require(id);
    authorize(actor, 'campaign:manage', { organizationId: campaign.organizationId.toHexString() });
    const change = toRecordFields(input);
    this.checkDates({ ...campaign, ...change });
    await this.checkRuralProject(actor, input.ruralProjectId, [campaign.organizationId.toHexString(), campaign.partnerOrganizationId?.toHexString()]);
    if (change.partnerOrganizationId && !(await this.organizations.fundraiser(change.partnerOrganizationId.toHexString())).qualified) {
      throw new ConflictError('ORGANIZATION_NOT_QUALIFIED', '合作方不具备有效的公开募捐资格');
    }
    const updated = await this.repository.updateWhile(campaign._id, 'draft', change);
    if (!updated) throw new ConflictError('CAMPAIGN_TRANSITION_INVALID', '只有草稿状态的项目可以修改');
    await this.trail.record({ actor, action: 'campaign:update', subject: { type: 'campaign', id }, after: { fields: Object.keys(input).sort() } });
    await this.remember(updated);
    return this.view(updated);
  }

  async get(actor: Actor, id: string): Promise<CampaignView> {
    return this.view(await this.requireVisible(actor, id));
  }

  async list(actor: Actor, query: ListCampaignsQuery): Promise<Page<CampaignView>> {
    authorize(actor, 'campaign:read');
    if (query.disclosure === 'overdue') return this.listDisclosureOverdue(actor, query.limit);
    if (UNPUBLISHED.has(query.status)) {
      authorize(actor, 'campaign:read-unpublished', { ...(query.organizationId ? { organizationId: query.organizationId } : {}) });
    }
    if (query.cursor && !/^[a-f0-9]{24}$/.test(query.cursor)) throw new ValidationError([{ path: 'cursor', message: '分页游标不正确' }]);
    const found = await this.repository.list(
      {
        status: query.status,
        ...(query.organizationId ? { organizationId: query.organizationId } : {}),
        ...(query.category ? { category: query.category } : {}),
        ...(query.ruralProjectId ? { ruralProjectId: query.ruralProjectId } : {}),
        ...(query.cursor ? { before: new Types.ObjectId(query.cursor) } : {}),
      },
      query.limit + 1,
    );
    const items = await Promise.all(found.slice(0, query.limit).map((c) => this.view(c)));
    return { items, nextCursor: found.length > query.limit ? items.at(-1)!.id : null };
  }

  /** Campaigns late with a disclosure, most overdue first, any status: civil-affairs admins only. One page. */
  private async listDisclosureOverdue(actor: Actor, limit: number): Promise<Page<CampaignView>> {
    authorize(actor, 'campaign:review');
    const found = await this.repository.disclosureOverdue(this.now(), limit);
    return { items: await Promise.all(found.map((c) => this.view(c))), nextCursor: null };
  }

  /**
   * The campaign if this actor may see it (drafts and reviews only to their organization and admins).
   * `recent` accepts a copy up to RECENT_CAMPAIGN_TTL_MS old (hot read paths such as `campaign:watch`).
   */
  async requireVisible(actor: Actor, id: string, recent = false): Promise<CampaignRecord> {
    authorize(actor, 'campaign:read');
    const campaign = recent ? await this.recent(id) : await this.require(id);
    if (UNPUBLISHED.has(campaign.status)) {
      authorize(actor, 'campaign:read-unpublished', { organizationId: campaign.organizationId.toHexString() });
    }
    return campaign;
  }

  async require(id: string | Types.ObjectId): Promise<CampaignRecord> {
    const campaign = await this.repository.findById(id);
    if (!campaign) throw new NotFoundError('募捐项目不存在');
    this.recentlyRead.set(campaign._id.toHexString(), campaign);
    return campaign;
  }

  /** The campaign as read at most RECENT_CAMPAIGN_TTL_MS ago (status, period, goal may lag that long). */
  async recent(id: string | Types.ObjectId): Promise<CampaignRecord> {
    const hex = typeof id === 'string' ? id : id.toHexString();
    return this.recentlyRead.get(hex) ?? this.recentReads.run(hex, () => this.require(id));
  }

  /**
   * Keeps this process's copy in step with a change it just made, and tells the other replicas to
   * drop theirs (so a campaign going live or ending is seen everywhere before the mover's answer).
   * A lost announcement costs at most RECENT_CAMPAIGN_TTL_MS; it never fails the change itself.
   */
  async remember(campaign: CampaignRecord): Promise<void> {
    const id = campaign._id.toHexString();
    this.recentlyRead.set(id, campaign);
    await this.announceChange?.(id).catch(() => undefined);
  }

  /** Set by the module: publishes a changed campaign's id to the other replicas. */
  announceChange?: (id: string) => Promise<void>;

  /** Another replica changed this campaign: the next read goes to the store. */
  forget(id: string): void {
    this.recentlyRead.delete(id);
    this.recentReads.forget(id);
  }

  /** May this actor manage the campaign (for other modules' checks)? */
  canManage(actor: Actor, campaign: CampaignRecord): boolean {
    return can(actor, 'campaign:manage', { organizationId: campaign.organizationId.toHexString() });
  }

  async view(campaign: CampaignRecord): Promise<CampaignView> {
    const id = campaign._id.toHexString();
    const [organization, partner, liveTally, pool, recent] = await Promise.all([
      this.organizations.fundraiser(campaign.organizationId.toHexString()),
      campaign.partnerOrganizationId ? this.organizations.fundraiser(campaign.partnerOrganizationId.toHexString()) : null,
      this.tallies.read(id),
      this.poolOf(campaign),
      this.tallies.recent(id),
    ]);
    return toCampaignView({ campaign, organization: organization.view, partner: partner?.view ?? null, liveTally, pool, recent });
  }

  private async poolOf(campaign: CampaignRecord) {
    const record = await this.matching.findPool(campaign._id);
    return record ? { record, remainingFen: await this.matching.poolRemaining(record) } : null;
  }

  private checkDates(fields: { filing?: { number: string; filedAt: Date } | undefined; startsAt: Date; endsAt: Date }): void {
    if (fields.endsAt.getTime() <= fields.startsAt.getTime()) {
      throw new ValidationError([{ path: 'endsAt', message: '结束时间须晚于开始时间' }]);
    }
    const problems = filingProblems(fields.filing, fields.startsAt, this.now());
    if (problems.length > 0) throw new ValidationError(problems);
  }
}

function toRecordFields(input: UpdateCampaignInput): DraftChange {
  const { startsAt, endsAt, filing, partnerOrganizationId, ruralProjectId, ...rest } = input;
  const fields: DraftChange = Object.fromEntries(Object.entries(rest).filter(([, v]) => v !== undefined));
  if (startsAt) fields.startsAt = new Date(startsAt);
  if (endsAt) fields.endsAt = new Date(endsAt);
  if (filing) fields.filing = { number: filing.number, filedAt: new Date(filing.filedAt) };
  if (partnerOrganizationId) fields.partnerOrganizationId = new Types.ObjectId(partnerOrganizationId);
  if (ruralProjectId) fields.ruralProjectId = new Types.ObjectId(ruralProjectId);
  return fields;
}
