import { z } from './zod';
import { instantSchema, objectIdSchema } from './common';
import { areaCodeSchema } from './stats';

/**
 * Volunteer service organizations and teams (志愿服务组织/队伍) in the four-level network: a city
 * organization, district ones under it, street ones under those, community ones at the bottom; teams
 * hang under any organization. Volunteers join with an admin's approval and may belong to several.
 */
export type VolunteerUnitKind = 'organization' | 'team';

export const createVolunteerUnitSchema = z.strictObject({
  name: z.string().trim().min(2, '名称至少 2 个字').max(50, '名称最多 50 个字'),
  kind: z.enum(['organization', 'team'], { message: '类型只能是 organization（组织）或 team（队伍）' }),
  /** The area it serves: one level below the parent's for an organization, inside it for a team. */
  regionCode: areaCodeSchema,
  /** Omitted only for the city's root organization (city admins). */
  parentId: objectIdSchema.optional(),
  /** A registered social organization behind it, when there is one. */
  organizationId: objectIdSchema.optional(),
});
export type CreateVolunteerUnitInput = z.infer<typeof createVolunteerUnitSchema>;

export const volunteerUnitParamsSchema = z.strictObject({ id: objectIdSchema });
export const unitMemberParamsSchema = z.strictObject({ id: objectIdSchema, userId: objectIdSchema });

export const appointUnitAdminSchema = z.strictObject({ userId: objectIdSchema });

export const membershipDecisionSchema = z.strictObject({
  approve: z.boolean({ message: 'approve 须为 true 或 false' }),
  note: z.string().trim().max(200, '备注最多 200 个字').optional(),
});
export type MembershipDecisionInput = z.infer<typeof membershipDecisionSchema>;

export const listUnitMembersQuerySchema = z.strictObject({
  status: z.enum(['pending', 'approved', 'rejected'], { message: '状态只能是 pending、approved 或 rejected' }).optional(),
});

export interface VolunteerUnitView {
  id: string;
  name: string;
  kind: VolunteerUnitKind;
  regionCode: string;
  regionName: string;
  level: 'city' | 'division' | 'street' | 'community';
  parentId: string | null;
  organizationId: string | null;
  createdAt: string;
}

export type MembershipStatus = 'pending' | 'approved' | 'rejected';

export interface UnitMembershipView {
  unitId: string;
  unitName: string;
  userId: string;
  status: MembershipStatus;
  appliedAt: string;
  decidedAt?: string;
}

/** Volunteer insurance an organization bought for an activity (志愿者保险). */
export const recordInsuranceSchema = z.strictObject({
  insurer: z.string().trim().min(2, '请填写保险公司').max(50, '保险公司名称最多 50 个字'),
  policyNumber: z.string().trim().regex(/^[A-Za-z0-9-]{4,40}$/, '保单号为 4–40 位字母、数字或连字符'),
  needId: objectIdSchema,
  /** The need's shifts the policy covers; at least one. */
  shiftIds: z.array(objectIdSchema).min(1, '请至少选择一个班次').max(60, '最多 60 个班次'),
  coverage: z.string().trim().max(200, '保障说明最多 200 个字').optional(),
  validFrom: instantSchema,
  validUntil: instantSchema,
}).refine((p) => p.validFrom < p.validUntil, { message: '保险结束时间须晚于开始时间', path: ['validUntil'] });
export type RecordInsuranceInput = z.infer<typeof recordInsuranceSchema>;

export interface InsurancePolicyView {
  id: string;
  unitId: string;
  unitName: string;
  insurer: string;
  policyNumber: string;
  needId: string;
  shiftIds: string[];
  coverage?: string;
  validFrom: string;
  validUntil: string;
}
