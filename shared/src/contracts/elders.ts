import { z } from './zod';
import { communityCodeSchema, objectIdSchema } from './common';
import { ELDER_AGE_BAND_CODES, SUBSIDY_STATUS_CODES, type ElderAgeBand, type SubsidyStatus } from '../domain/meal-subsidy';

/** An elder served by meal points: the minimum needed to book, price and deliver. */
export const createElderSchema = z.strictObject({
  name: z.string().trim().min(1, '请填写姓名').max(20, '姓名最多 20 个字'),
  ageBand: z.enum(ELDER_AGE_BAND_CODES, { message: '请选择年龄段' }),
  subsidyStatuses: z.array(z.enum(SUBSIDY_STATUS_CODES, { message: '补贴身份只能是低保、特困或残疾' })).max(3)
    .refine((s) => new Set(s).size === s.length, '补贴身份不能重复').default([]),
  communityCode: communityCodeSchema,
  livesAlone: z.boolean().default(false),
  /** Kept encrypted; shown only to the operator and the assigned volunteer during a delivery. */
  deliveryAddress: z.string().trim().min(4, '送餐地址至少 4 个字').max(120, '送餐地址最多 120 个字').optional(),
  /** The elder (or their guardian) agreed to this record and to bookings by linked relatives. */
  consent: z.strictObject({
    given: z.literal(true, { message: '须经老人本人或监护人同意' }),
    by: z.enum(['self', 'guardian'], { message: '同意人只能是本人或监护人' }),
    note: z.string().trim().max(200, '说明最多 200 个字').optional(),
  }, { message: '须经老人本人或监护人同意' }),
});
export type CreateElderBody = z.input<typeof createElderSchema>;
export type CreateElderInput = z.infer<typeof createElderSchema>;

/** Links another relative, who may then book for the elder. */
export const linkRelativeSchema = z.strictObject({
  userId: objectIdSchema,
  relation: z.string().trim().min(1, '请填写关系').max(10, '关系最多 10 个字'),
});
export type LinkRelativeInput = z.infer<typeof linkRelativeSchema>;

export const elderParamsSchema = z.strictObject({ id: objectIdSchema });

/** An elder as their relatives and community staff see it; the name masked, the address never. */
export interface ElderView {
  id: string;
  maskedName: string;
  ageBand: ElderAgeBand;
  subsidyStatuses: SubsidyStatus[];
  communityCode: string;
  livesAlone: boolean;
  hasDeliveryAddress: boolean;
  createdAt: string;
}
