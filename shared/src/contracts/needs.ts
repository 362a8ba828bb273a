import { z } from './zod';
import { communityCodeSchema, cursorQuerySchema, instantSchema, objectIdSchema, pointSchema } from './common';
import { BENEFICIARY_CODES, NEED_CATEGORY_CODES, SKILL_CODES } from '../domain/taxonomy';
import type { BeneficiaryType, NeedCategory, SkillCode } from '../domain/taxonomy';

const MAX_SHIFT_HOURS = 12;

export const shiftInputSchema = z
  .strictObject({
    startsAt: instantSchema,
    endsAt: instantSchema,
    capacity: z.number().int('人数须为整数').min(1, '每班至少 1 人').max(500, '每班最多 500 人'),
  })
  .refine((s) => Date.parse(s.endsAt) > Date.parse(s.startsAt), { message: '结束时间须晚于开始时间', path: ['endsAt'] })
  .refine((s) => Date.parse(s.endsAt) - Date.parse(s.startsAt) <= MAX_SHIFT_HOURS * 3_600_000, {
    message: `单个班次不能超过 ${MAX_SHIFT_HOURS} 小时`,
    path: ['endsAt'],
  });

export const createNeedSchema = z.strictObject({
  title: z.string().trim().min(2, '标题至少 2 个字').max(60, '标题最多 60 个字'),
  description: z.string().trim().max(2000, '描述最多 2000 个字').default(''),
  category: z.enum(NEED_CATEGORY_CODES, { message: '请选择服务类别' }),
  beneficiaryType: z.enum(BENEFICIARY_CODES, { message: '请选择服务对象' }),
  communityCode: communityCodeSchema,
  location: pointSchema.optional(),
  requiredSkills: z.array(z.enum(SKILL_CODES, { message: '技能不在列表中' })).max(5, '最多选择 5 项技能').default([]),
  shifts: z.array(shiftInputSchema).min(1, '至少添加一个班次').max(50, '一次最多添加 50 个班次'),
  /** Repeat the given shifts weekly: `weeks` copies in all, one week apart (a weekly rule, materialized now). */
  recurrence: z.strictObject({ weeks: z.number().int().min(1).max(12, '最多重复 12 周') }).optional(),
  /** false keeps the need as a draft, invisible to volunteers until published. */
  publish: z.boolean().default(true),
  /** The rural revitalization project (乡村振兴) this need serves; only its managers may link it. */
  ruralProjectId: objectIdSchema.optional(),
});

export const cancelNeedSchema = z.strictObject({
  reason: z.string().trim().min(2, '请填写取消原因').max(200, '原因最多 200 个字'),
});

export const moveShiftSchema = shiftInputSchema;

/** Largest search radius, kilometres. */
export const MAX_SEARCH_RADIUS_KM = 50;

/** `near=lat,lng` in WGS-84 degrees, parsed to a point inside the Chengdu bounds. */
export const nearQuerySchema = z
  .string()
  .regex(/^-?\d{1,3}(\.\d{1,8})?,-?\d{1,3}(\.\d{1,8})?$/, '位置格式应为“纬度,经度”')
  .transform((text) => {
    const [lat, lng] = text.split(',').map(Number);
    return { lat: lat!, lng: lng! };
  })
  .pipe(pointSchema);

export const NEED_SORTS = ['soonest', 'nearest'] as const;
export type NeedSort = (typeof NEED_SORTS)[number];

/**
 * Need search. `from`/`to` bound the start of an upcoming shift (`from` ≤ start < `to`, UTC instants);
 * `sort=soonest` (default) orders by the next such shift start, `sort=nearest` by distance from `near`.
 */
export const listNeedsQuerySchema = cursorQuerySchema
  .extend({
    communityCode: communityCodeSchema.optional(),
    districtCode: z.string().regex(/^5101\d{2}$/, '区县编码格式不正确').optional(),
    category: z.enum(NEED_CATEGORY_CODES, { message: '服务类别不在列表中' }).optional(),
    skill: z.enum(SKILL_CODES, { message: '技能不在列表中' }).optional(),
    near: nearQuerySchema.optional(),
    /** Kilometres from `near`; default 5. */
    radiusKm: z.coerce.number({ message: '半径须为数字' }).positive('半径须大于 0').max(MAX_SEARCH_RADIUS_KM, `半径最大 ${MAX_SEARCH_RADIUS_KM} 公里`).default(5),
    from: instantSchema.optional(),
    to: instantSchema.optional(),
    sort: z.enum(NEED_SORTS, { message: '排序方式只能是 soonest 或 nearest' }).default('soonest'),
    ruralProjectId: objectIdSchema.optional(),
  })
  .refine((q) => q.sort !== 'nearest' || q.near !== undefined, { message: '按距离排序需要提供位置 near', path: ['near'] })
  .refine((q) => !q.from || !q.to || Date.parse(q.from) < Date.parse(q.to), { message: '结束时间须晚于开始时间', path: ['to'] });

export const needParamsSchema = z.strictObject({ id: objectIdSchema });
export const shiftParamsSchema = z.strictObject({ id: objectIdSchema, shiftId: objectIdSchema });

export type NeedStatus = 'draft' | 'open' | 'filled' | 'in_progress' | 'completed' | 'cancelled';

export interface ShiftView {
  id: string;
  startsAt: string;
  endsAt: string;
  capacity: number;
  enrolled: number;
  slotsLeft: number;
}

export interface NeedView {
  id: string;
  title: string;
  description: string;
  category: NeedCategory;
  beneficiaryType: BeneficiaryType;
  communityCode: string;
  communityName: string;
  location?: { lat: number; lng: number };
  requiredSkills: SkillCode[];
  status: NeedStatus;
  shifts: ShiftView[];
  /** Set when the need serves a rural revitalization project. */
  ruralProjectId?: string;
  createdAt: string;
}

/** A need as search returns it. */
export interface NeedSearchItem extends NeedView {
  /** Start of the next upcoming shift (within `from`/`to` when given), UTC ISO instant. */
  nextShiftStartsAt: string;
  /** Great-circle distance from `near`, kilometres to two decimals; only when `near` is given. */
  distanceKm?: number;
}

/** The body a client sends (defaults not yet applied). */
export type CreateNeedBody = z.input<typeof createNeedSchema>;
export type CreateNeedInput = z.infer<typeof createNeedSchema>;
export type CancelNeedInput = z.infer<typeof cancelNeedSchema>;
export type MoveShiftInput = z.infer<typeof moveShiftSchema>;
export type ListNeedsQuery = z.infer<typeof listNeedsQuerySchema>;
/** The query string a client sends (`near` as "lat,lng"). */
export type ListNeedsParams = z.input<typeof listNeedsQuerySchema>;
