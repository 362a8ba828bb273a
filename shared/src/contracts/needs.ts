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
});

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

export type CreateNeedInput = z.infer<typeof createNeedSchema>;
export type ListNeedsQuery = z.infer<typeof listNeedsQuerySchema>;
