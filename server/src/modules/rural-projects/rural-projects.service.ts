import {
  RURAL_PROJECT_TRANSITIONS, divisionCodeOf, findRegion, shanghaiDayOf,
  type Actor, type CreateRuralProjectInput, type ProgressUpdateInput, type ProgressUpdateView, type RuralProjectTransitionInput,
  type RuralProjectView, type UpdateRuralProjectInput,
} from '@tongxin/shared';
import { authorize, can } from '../access';
import type { AuditTrail } from '../audit';
import { ConflictError, NotFoundError, ValidationError } from '../../platform/errors';
import type { RuralProjectChange, RuralProjectRecord, RuralProjectsRepository } from './rural-projects.repository';
import { projectScope, toProgressView, toRuralProjectView } from './rural-projects.view';

/** What the projects ask of the organizations module. */
export interface OrganizationLookup {
  /** The organization's name and whether it is active; throws NotFoundError when it does not exist. */
  organization(id: string): Promise<{ name: string; active: boolean }>;
}

/** Needs and campaigns can be linked only while a project is being prepared or carried out. */
const LINKABLE = new Set(['planning', 'active']);

/**
 * Rural revitalization projects (乡村振兴): registered, edited, moved through their statuses and
 * reported on by the running organization's admins and the area's district admins (audited).
 * Needs and campaigns link to a project from their own modules, through `checkNeedLink` and `checkCampaignLink`.
 */
export class RuralProjectsService {
  constructor(
    private readonly repository: RuralProjectsRepository,
    private readonly organizations: OrganizationLookup,
    private readonly trail: AuditTrail,
    private readonly now: () => Date = () => new Date(),
  ) {}

  async create(actor: Actor, input: CreateRuralProjectInput): Promise<RuralProjectView> {
    authorize(actor, 'rural-project:create', { organizationId: input.organizationId, communityCode: input.regionCode });
    const place = placeOf(input.regionCode, input.location);
    const organization = await this.organizations.organization(input.organizationId);
    if (!organization.active) throw new ConflictError('CONFLICT', '该组织已被暂停，不能发起项目');
    const project = await this.repository.insert({
      title: input.title, category: input.category, description: input.description, ...place,
      ...(input.coverImageUrl ? { coverImageUrl: input.coverImageUrl } : {}),
      organizationId: input.organizationId, status: 'planning', lastProgressOn: null, createdBy: actor.userId,
    });
    await this.audit(actor, 'rural-project:create', project, { organizationId: input.organizationId, regionCode: project.regionCode, category: project.category });
    return toRuralProjectView(project);
  }

  async update(actor: Actor, id: string, input: UpdateRuralProjectInput): Promise<RuralProjectView> {
    const project = await this.requireManaged(actor, id);
    const change: RuralProjectChange = {};
    if (input.title !== undefined) change.title = input.title;
    if (input.category !== undefined) change.category = input.category;
    if (input.description !== undefined) change.description = input.description;
    if (input.coverImageUrl !== undefined) change.coverImageUrl = input.coverImageUrl;
    if (input.regionCode !== undefined || input.location !== undefined) {
      const regionCode = input.regionCode ?? project.regionCode;
      // Moving a project elsewhere needs the right to manage it there too.
      authorize(actor, 'rural-project:manage', projectScope({ organizationId: project.organizationId, regionCode }));
      Object.assign(change, placeOf(regionCode, input.location ?? (input.regionCode ? undefined : project.location)));
    }
    const updated = await this.repository.update(id, change);
    if (!updated) throw new NotFoundError('项目不存在');
    await this.audit(actor, 'rural-project:update', updated, { fields: Object.keys(input).sort() });
    return toRuralProjectView(updated);
  }

  async transition(actor: Actor, id: string, input: RuralProjectTransitionInput): Promise<RuralProjectView> {
    const project = await this.requireManaged(actor, id);
    if (!RURAL_PROJECT_TRANSITIONS[project.status].includes(input.to)) throw new ConflictError('RURAL_PROJECT_TRANSITION_INVALID');
    const updated = await this.repository.update(id, { status: input.to });
    if (!updated) throw new NotFoundError('项目不存在');
    await this.audit(actor, 'rural-project:transition', updated, { to: input.to, ...(input.note ? { note: input.note } : {}) }, { status: project.status });
    return toRuralProjectView(updated);
  }

  /** A progress report (dated today or earlier, Shanghai); reports are never edited, only added. */
  async addProgress(actor: Actor, id: string, input: ProgressUpdateInput): Promise<ProgressUpdateView> {
    const project = await this.requireManaged(actor, id);
    if (input.date > shanghaiDayOf(this.now())) throw new ValidationError([{ path: 'date', message: '进展日期不能晚于今天' }]);
    const update = await this.repository.addProgress({ projectId: id, date: input.date, text: input.text, figures: input.figures, reportedBy: actor.userId });
    if (!project.lastProgressOn || input.date > project.lastProgressOn) await this.repository.update(id, { lastProgressOn: input.date });
    await this.audit(actor, 'rural-project:progress', project, { date: input.date, figures: input.figures.length });
    return toProgressView(update);
  }

  /** For the needs module: the actor manages the project, it takes needs, and the need is in its township or village. */
  async checkNeedLink(actor: Actor, projectId: string, communityCode: string): Promise<void> {
    const project = await this.requireLinkable(projectId, 'ruralProjectId');
    authorize(actor, 'rural-project:manage', projectScope(project));
    if (!communityCode.startsWith(project.regionCode)) {
      throw new ValidationError([{ path: 'communityCode', message: '需求所在社区（村）须在项目所在的乡镇或村内' }]);
    }
  }

  /** For the campaigns module: the project's own organization raises money for it, or someone who manages it links it. */
  async checkCampaignLink(actor: Actor, projectId: string, organizationIds: readonly string[]): Promise<void> {
    const project = await this.requireLinkable(projectId, 'ruralProjectId');
    if (!organizationIds.includes(project.organizationId)) authorize(actor, 'rural-project:manage', projectScope(project));
  }

  canManage(actor: Actor, project: RuralProjectRecord): boolean {
    return can(actor, 'rural-project:manage', projectScope(project));
  }

  async require(id: string): Promise<RuralProjectRecord> {
    const project = await this.repository.findById(id);
    if (!project) throw new NotFoundError('乡村振兴项目不存在');
    return project;
  }

  private async requireManaged(actor: Actor, id: string): Promise<RuralProjectRecord> {
    const project = await this.require(id);
    authorize(actor, 'rural-project:manage', projectScope(project));
    return project;
  }

  private async requireLinkable(id: string, path: string): Promise<RuralProjectRecord> {
    const project = await this.repository.findById(id);
    if (!project) throw new ValidationError([{ path, message: '乡村振兴项目不存在' }]);
    if (!LINKABLE.has(project.status)) throw new ConflictError('RURAL_PROJECT_CLOSED');
    return project;
  }

  private audit(actor: Actor, action: string, project: RuralProjectRecord, after: Record<string, unknown>, before?: Record<string, unknown>) {
    return this.trail.record({
      actor, action, subject: { type: 'rural-project', id: project._id.toHexString(), districtCode: project.districtCode },
      after, ...(before ? { before } : {}),
    });
  }
}

/** A township or village of the region tree, and the project's point (its own, else the region's centre). */
function placeOf(regionCode: string, location: { lat: number; lng: number } | undefined) {
  const region = findRegion(regionCode);
  if (!region || (region.level !== 'street' && region.level !== 'community')) {
    throw new ValidationError([{ path: 'regionCode', message: '乡镇或村（社区）不存在' }]);
  }
  return {
    regionCode, districtCode: divisionCodeOf(regionCode),
    location: location ? { lat: location.lat, lng: location.lng } : { lat: region.centre[0], lng: region.centre[1] },
  };
}
