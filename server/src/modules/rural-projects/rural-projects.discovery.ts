import {
  distanceMetres,
  type Actor, type CampaignView, type ListRuralProjectsQuery, type NeedView, type Page, type RuralProjectDetailView,
  type RuralProjectListItem, type RuralProjectSort,
} from '@tongxin/shared';
import { authorize } from '../access';
import { ValidationError } from '../../platform/errors';
import type { RuralProjectRecord, RuralProjectsRepository } from './rural-projects.repository';
import type { OrganizationLookup, RuralProjectsService } from './rural-projects.service';
import { toProgressView, toRuralProjectView } from './rural-projects.view';

/** What a project is shown together with, from the needs and campaigns modules. */
export interface LinkedWork {
  /** Open needs with an upcoming shift linked to the project. */
  needs(actor: Actor, projectId: string): Promise<NeedView[]>;
  /** Live campaigns linked to the project. */
  campaigns(actor: Actor, projectId: string): Promise<CampaignView[]>;
}

const PROGRESS_SHOWN = 20;

interface Ranked {
  project: RuralProjectRecord;
  id: string;
  key: number;
  metres?: number;
}

/**
 * Finding projects (by county, category, status, organization and distance) and showing one with its
 * progress, needs and campaigns. The store answers the equalities; distance and order are computed here.
 */
export class RuralProjectsDiscovery {
  constructor(
    private readonly repository: RuralProjectsRepository,
    private readonly service: RuralProjectsService,
    private readonly organizations: OrganizationLookup,
    private readonly linked: LinkedWork,
  ) {}

  async list(actor: Actor, query: ListRuralProjectsQuery): Promise<Page<RuralProjectListItem>> {
    authorize(actor, 'rural-project:read');
    const sort: RuralProjectSort = query.sort ?? (query.near ? 'nearest' : 'newest');
    const cursor = query.cursor ? decodeCursor(query.cursor, sort) : undefined;
    const found = await this.repository.find({
      ...(query.districtCode ? { districtCode: query.districtCode } : {}),
      ...(query.category ? { category: query.category } : {}),
      ...(query.status ? { status: query.status } : {}),
      ...(query.organizationId ? { organizationId: query.organizationId } : {}),
    });
    const ranked: Ranked[] = [];
    for (const project of found) {
      const id = project._id.toHexString();
      const metres = query.near ? Math.round(distanceMetres(query.near, project.location)) : undefined;
      if (metres !== undefined && metres > query.radiusKm * 1000) continue;
      // Newest first is the id order reversed (ObjectIds grow with creation), so the key is constant.
      const key = sort === 'nearest' ? metres! : 0;
      ranked.push({ project, id, key, ...(metres !== undefined ? { metres } : {}) });
    }
    const compare = sort === 'nearest' ? nearestFirst : newestFirst;
    ranked.sort(compare);
    const start = cursor ? ranked.findIndex((r) => compare(r, cursor) > 0) : 0;
    const page = start < 0 ? [] : ranked.slice(start, start + query.limit);
    const last = page.at(-1);
    const more = start >= 0 && start + query.limit < ranked.length;
    return {
      items: page.map((r) => ({ ...toRuralProjectView(r.project), ...(r.metres !== undefined ? { distanceKm: Math.round(r.metres / 10) / 100 } : {}) })),
      nextCursor: more && last ? encodeCursor(sort, last) : null,
    };
  }

  async get(actor: Actor, id: string): Promise<RuralProjectDetailView> {
    authorize(actor, 'rural-project:read');
    const project = await this.service.require(id);
    const [organization, progress, needs, campaigns] = await Promise.all([
      this.organizations.organization(project.organizationId),
      this.repository.progressOf(id, PROGRESS_SHOWN),
      this.linked.needs(actor, id),
      this.linked.campaigns(actor, id),
    ]);
    return {
      ...toRuralProjectView(project), organizationName: organization.name, progress: progress.map(toProgressView), needs, campaigns,
      canManage: this.service.canManage(actor, project),
    };
  }
}

type Position = { key: number; id: string };
const byId = (a: Position, b: Position) => (a.id < b.id ? -1 : a.id > b.id ? 1 : 0);
const nearestFirst = (a: Position, b: Position) => a.key - b.key || byId(a, b);
const newestFirst = (a: Position, b: Position) => byId(b, a);

const SORT_TAGS: Record<RuralProjectSort, string> = { newest: 't', nearest: 'd' };
const CURSOR_TEXT = /^([td])\.(\d{1,15})\.([a-f0-9]{24})$/;

function encodeCursor(sort: RuralProjectSort, at: { key: number; id: string }): string {
  return Buffer.from(`${SORT_TAGS[sort]}.${at.key}.${at.id}`, 'utf8').toString('base64url');
}

/** A tampered cursor, or one from the other ordering, is a 400. */
function decodeCursor(cursor: string, sort: RuralProjectSort): { key: number; id: string } {
  const match = CURSOR_TEXT.exec(Buffer.from(cursor, 'base64url').toString('utf8'));
  const decoded = match && match[1] === SORT_TAGS[sort] ? { key: Number(match[2]), id: match[3]! } : null;
  if (!decoded || !Number.isSafeInteger(decoded.key) || encodeCursor(sort, decoded) !== cursor) {
    throw new ValidationError([{ path: 'cursor', message: '分页游标不正确' }]);
  }
  return decoded;
}
