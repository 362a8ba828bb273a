import { z } from './zod';
import { instantSchema, objectIdSchema } from './common';

/** `<domain>:<verb>` as written by the recording module, e.g. `hours:verify`, `volunteer-profile:view-unmasked`. */
export const auditActionSchema = z.string().regex(/^[a-z][a-z-]*:[a-z][a-z-]*$/, '操作名称格式不正确');

/** Search of the audit trail (admins): newest first, cursor-paginated; every filter optional. */
export const auditSearchQuerySchema = z.strictObject({
  actorId: objectIdSchema.optional(),
  action: auditActionSchema.optional(),
  subjectType: z.string().regex(/^[a-z][a-z-]*$/, '对象类型格式不正确').optional(),
  subjectId: z.string().regex(/^[A-Za-z0-9:#_-]{1,100}$/, '对象编号格式不正确').optional(),
  /** 6-digit county-level division; district admins may only ask for their own. */
  districtCode: z.string().regex(/^5101\d{2}$/, '区县编码格式不正确').optional(),
  from: instantSchema.optional(),
  to: instantSchema.optional(),
  cursor: objectIdSchema.optional(),
  limit: z.coerce.number().int().min(1).max(100).default(20),
});
export type AuditSearchQuery = z.infer<typeof auditSearchQuerySchema>;

/** One audit entry as admins see it; `before`/`after` hold the changed fields only (never personal data). */
export interface AuditEntryView {
  id: string;
  /** UTC instant of the action. */
  at: string;
  /** The user who acted, or null for the system (jobs). */
  actorId: string | null;
  actorRoles: string[];
  action: string;
  subject: { type: string; id: string };
  districtCode: string | null;
  communityCode: string | null;
  before: Record<string, unknown> | null;
  after: Record<string, unknown> | null;
  ip: string | null;
  userAgent: string | null;
  requestId: string | null;
}
