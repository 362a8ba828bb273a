import { z } from './zod';
import { cursorQuerySchema, objectIdSchema, pointSchema } from './common';
import { localDaySchema } from './meal-points';
import { nearQuerySchema, MAX_SEARCH_RADIUS_KM, type NeedView } from './needs';
import type { CampaignView } from './campaigns';

/** What a rural revitalization project (乡村振兴) works on. */
export const RURAL_PROJECT_CATEGORIES = [
  { code: 'industry', label: '产业帮扶' },
  { code: 'education', label: '教育支教' },
  { code: 'ecommerce', label: '电商助农' },
  { code: 'medical', label: '医疗义诊' },
  { code: 'culture', label: '文化振兴' },
  { code: 'ecology', label: '生态环保' },
] as const;
export type RuralProjectCategory = (typeof RURAL_PROJECT_CATEGORIES)[number]['code'];
export const RURAL_PROJECT_CATEGORY_CODES = RURAL_PROJECT_CATEGORIES.map((c) => c.code) as unknown as readonly [
  RuralProjectCategory, ...RuralProjectCategory[]];

/** planning → active → completed; active ⇄ suspended; planning → suspended. */
export const RURAL_PROJECT_STATUSES = [
  { code: 'planning', label: '筹备中' },
  { code: 'active', label: '实施中' },
  { code: 'suspended', label: '已暂停' },
  { code: 'completed', label: '已完成' },
] as const;
export type RuralProjectStatus = (typeof RURAL_PROJECT_STATUSES)[number]['code'];
export const RURAL_PROJECT_STATUS_CODES = RURAL_PROJECT_STATUSES.map((s) => s.code) as unknown as readonly [
  RuralProjectStatus, ...RuralProjectStatus[]];

/** Moves a project may make, from → allowed targets. */
export const RURAL_PROJECT_TRANSITIONS: Record<RuralProjectStatus, readonly RuralProjectStatus[]> = {
  planning: ['active', 'suspended'],
  active: ['completed', 'suspended'],
  suspended: ['active'],
  completed: [],
};

/** A township or town (9 digits) or a village or community (12 digits) of the region tree. */
const townOrVillageCodeSchema = z.string().regex(/^5101\d{5}(\d{3})?$/, '请选择项目所在的乡镇或村（社区）');

const projectFields = {
  title: z.string().trim().min(4, '项目名称至少 4 个字').max(60, '项目名称最多 60 个字'),
  category: z.enum(RURAL_PROJECT_CATEGORY_CODES, { message: '请选择项目类别' }),
  description: z.string().trim().min(10, '请用至少 10 个字介绍项目').max(4000, '介绍最多 4000 个字'),
  /** Where: a township/town or a village in one of the county-level divisions. */
  regionCode: townOrVillageCodeSchema,
  /** The project's own point; absent: the region's centre. */
  location: pointSchema.optional(),
  coverImageUrl: z.url({ protocol: /^https$/, message: '封面须为 https 图片地址' }).max(500).optional(),
};

export const createRuralProjectSchema = z.strictObject({
  ...projectFields,
  /** The organization that runs the project; its admins manage it. */
  organizationId: objectIdSchema,
});

/** Edits by the project's managers; the organization never changes. */
export const updateRuralProjectSchema = z
  .strictObject(projectFields)
  .partial()
  .refine((u) => Object.keys(u).length > 0, { message: '没有要修改的内容', path: ['title'] });

export const ruralProjectTransitionSchema = z.strictObject({
  to: z.enum(RURAL_PROJECT_STATUS_CODES, { message: '不支持的状态' }),
  note: z.string().trim().max(200, '说明最多 200 个字').optional(),
});

/** One figure of a progress report, e.g. 帮销农产品 12000 斤. */
export const progressFigureSchema = z.strictObject({
  label: z.string().trim().min(1, '请填写指标名称').max(30, '指标名称最多 30 个字'),
  value: z.number().finite('数值不正确').min(0, '数值不能为负').max(1e12, '数值过大'),
  unit: z.string().trim().max(10, '单位最多 10 个字').default(''),
});

export const progressUpdateSchema = z.strictObject({
  /** The Shanghai day the progress happened. */
  date: localDaySchema,
  text: z.string().trim().min(4, '请描述进展').max(1000, '进展描述最多 1000 个字'),
  figures: z.array(progressFigureSchema).max(10, '最多 10 项指标').default([]),
});

export const RURAL_PROJECT_SORTS = ['newest', 'nearest'] as const;
export type RuralProjectSort = (typeof RURAL_PROJECT_SORTS)[number];

/** Discovery: by county, category, status; with `near`, within `radiusKm` and nearest first by default. */
export const listRuralProjectsQuerySchema = cursorQuerySchema
  .extend({
    districtCode: z.string().regex(/^5101\d{2}$/, '区县编码格式不正确').optional(),
    category: z.enum(RURAL_PROJECT_CATEGORY_CODES, { message: '项目类别不在列表中' }).optional(),
    status: z.enum(RURAL_PROJECT_STATUS_CODES, { message: '状态不在列表中' }).optional(),
    organizationId: objectIdSchema.optional(),
    near: nearQuerySchema.optional(),
    /** Kilometres from `near`; default 50 (rural projects are far apart). */
    radiusKm: z.coerce.number({ message: '半径须为数字' }).positive('半径须大于 0').max(200, '半径最大 200 公里').default(MAX_SEARCH_RADIUS_KM),
    sort: z.enum(RURAL_PROJECT_SORTS, { message: '排序方式只能是 newest 或 nearest' }).optional(),
  })
  .refine((q) => q.sort !== 'nearest' || q.near !== undefined, { message: '按距离排序需要提供位置 near', path: ['near'] });

export const ruralProjectParamsSchema = z.strictObject({ id: objectIdSchema });

export interface ProgressFigureView {
  label: string;
  value: number;
  unit: string;
}

export interface ProgressUpdateView {
  id: string;
  date: string;
  text: string;
  figures: ProgressFigureView[];
  createdAt: string;
}

export interface RuralProjectView {
  id: string;
  title: string;
  category: RuralProjectCategory;
  categoryLabel: string;
  description: string;
  regionCode: string;
  /** 区县 / 乡镇 / 村, as the region tree names them. */
  regionPath: string;
  districtCode: string;
  location: { lat: number; lng: number };
  coverImageUrl?: string;
  organizationId: string;
  status: RuralProjectStatus;
  statusLabel: string;
  /** The latest progress date, if any. */
  lastProgressOn: string | null;
  createdAt: string;
  updatedAt: string;
}

export interface RuralProjectListItem extends RuralProjectView {
  /** Great-circle distance from `near`, kilometres to two decimals; only with `near`. */
  distanceKm?: number;
}

/** A project with what it is shown together with: progress (newest first), open needs, campaigns raising money. */
export interface RuralProjectDetailView extends RuralProjectView {
  organizationName: string;
  progress: ProgressUpdateView[];
  needs: NeedView[];
  campaigns: CampaignView[];
  /** Whether the caller may edit it, report progress and link needs (for the client's buttons). */
  canManage: boolean;
}

export type CreateRuralProjectBody = z.input<typeof createRuralProjectSchema>;
export type CreateRuralProjectInput = z.infer<typeof createRuralProjectSchema>;
export type UpdateRuralProjectInput = z.infer<typeof updateRuralProjectSchema>;
export type RuralProjectTransitionInput = z.infer<typeof ruralProjectTransitionSchema>;
export type ProgressUpdateBody = z.input<typeof progressUpdateSchema>;
export type ProgressUpdateInput = z.infer<typeof progressUpdateSchema>;
export type ListRuralProjectsQuery = z.infer<typeof listRuralProjectsQuerySchema>;
export type ListRuralProjectsQueryInput = z.input<typeof listRuralProjectsQuerySchema>;
