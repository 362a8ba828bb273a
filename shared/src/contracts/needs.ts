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
});

export const cancelNeedSchema = z.strictObject({
  reason: z.string().trim().min(2, '请填写取消原因').max(200, '原因最多 200 个字'),
});

export const moveShiftSchema = shiftInputSchema;

export const listNeedsQuerySchema = cursorQuerySchema.extend({
  communityCode: communityCodeSchema.optional(),
  category: z.enum(NEED_CATEGORY_CODES).optional(),
});

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
  createdAt: string;
}

/** The body a client sends (defaults not yet applied). */
export type CreateNeedBody = z.input<typeof createNeedSchema>;
export type CreateNeedInput = z.infer<typeof createNeedSchema>;
export type CancelNeedInput = z.infer<typeof cancelNeedSchema>;
export type MoveShiftInput = z.infer<typeof moveShiftSchema>;
export type ListNeedsQuery = z.infer<typeof listNeedsQuerySchema>;
