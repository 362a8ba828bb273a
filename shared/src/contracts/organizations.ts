import { z } from './zod';
import { cursorQuerySchema, instantSchema } from './common';
import { phoneSchema } from './auth';
import { CIVIL_AFFAIRS_CATEGORY, isValidCreditCode } from '../domain/credit-code';

export const ORGANIZATION_TYPES = [
  { code: 'social_group', label: '社会团体' },
  { code: 'social_service_agency', label: '社会服务机构' },
  { code: 'foundation', label: '基金会' },
] as const;

export type OrganizationType = (typeof ORGANIZATION_TYPES)[number]['code'];
const ORGANIZATION_TYPE_CODES = ORGANIZATION_TYPES.map((t) => t.code) as unknown as readonly [OrganizationType, ...OrganizationType[]];

/** Assessment grade of a social organization (社会组织评估等级). */
export const ORGANIZATION_GRADES = ['1A', '2A', '3A', '4A', '5A'] as const;
export type OrganizationGrade = (typeof ORGANIZATION_GRADES)[number];

export type OrganizationStatus = 'active' | 'suspended';

export const creditCodeSchema = z
  .string()
  .trim()
  .toUpperCase()
  .length(18, '统一社会信用代码为 18 位')
  .refine(isValidCreditCode, '统一社会信用代码不正确（校验位不符）');

/** Public-fundraising qualification (公开募捐资格) as recorded by the civil-affairs department. */
export const fundraisingQualificationSchema = z.strictObject({
  recordNumber: z.string().trim().min(4, '资格证书编号过短').max(40, '资格证书编号过长'),
  /** Omitted: valid until revoked. */
  validUntil: instantSchema.optional(),
});

const contactSchema = z.strictObject({
  name: z.string().trim().min(1, '请填写联系人').max(20, '联系人最多 20 个字'),
  phone: phoneSchema,
});

const organizationFields = {
  name: z.string().trim().min(2, '名称至少 2 个字').max(100, '名称最多 100 个字'),
  creditCode: creditCodeSchema,
  type: z.enum(ORGANIZATION_TYPE_CODES, { message: '请选择组织类型' }),
  registeringAuthority: z.string().trim().min(2, '请填写登记管理机关').max(50, '登记管理机关最多 50 个字'),
  fundraisingQualification: fundraisingQualificationSchema.optional(),
  grade: z.enum(ORGANIZATION_GRADES, { message: '评估等级为 1A–5A' }).optional(),
  contact: contactSchema,
};

/** A civil-affairs registration: authority `5` and the category digit of the organization's type. */
export const createOrganizationSchema = z.strictObject(organizationFields).refine(
  (o) => o.creditCode[0] === '5' && o.creditCode[1] === CIVIL_AFFAIRS_CATEGORY[o.type],
  { message: '统一社会信用代码与民政登记的组织类型不符', path: ['creditCode'] },
);

/** Changes to a registered organization; the name and credit code never change here. */
export const updateOrganizationSchema = z.strictObject({
  registeringAuthority: organizationFields.registeringAuthority.optional(),
  /** null withdraws the qualification. */
  fundraisingQualification: fundraisingQualificationSchema.nullable().optional(),
  grade: z.enum(ORGANIZATION_GRADES, { message: '评估等级为 1A–5A' }).nullable().optional(),
  contact: contactSchema.optional(),
  /** Civil-affairs admins only. */
  status: z.enum(['active', 'suspended']).optional(),
});

export const listOrganizationsQuerySchema = cursorQuerySchema.extend({
  type: z.enum(ORGANIZATION_TYPE_CODES).optional(),
  status: z.enum(['active', 'suspended']).optional(),
});

export const organizationParamsSchema = z.strictObject({ id: z.string().regex(/^[a-f0-9]{24}$/, '编号格式不正确') });

export interface OrganizationView {
  id: string;
  name: string;
  creditCode: string;
  type: OrganizationType;
  registeringAuthority: string;
  /** Present when the organization holds a public-fundraising qualification, valid or not. */
  fundraisingQualification: { recordNumber: string; validUntil?: string } | null;
  /** True when the qualification is present, unexpired and the organization active. */
  canFundraise: boolean;
  grade: OrganizationGrade | null;
  /** Shown to the organization's admins and civil-affairs admins only. */
  contact?: { name: string; phone: string };
  status: OrganizationStatus;
  createdAt: string;
}

export type CreateOrganizationInput = z.infer<typeof createOrganizationSchema>;
export type UpdateOrganizationInput = z.infer<typeof updateOrganizationSchema>;
export type ListOrganizationsQuery = z.infer<typeof listOrganizationsQuerySchema>;
