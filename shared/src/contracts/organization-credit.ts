import { z } from './zod';
import type { OrganizationGrade } from './organizations';

export const COMPLAINT_CATEGORIES = [
  { code: 'fundraising', label: '募捐问题' },
  { code: 'service', label: '服务问题' },
  { code: 'disclosure', label: '信息公开问题' },
  { code: 'other', label: '其他' },
] as const;
export type ComplaintCategory = (typeof COMPLAINT_CATEGORIES)[number]['code'];
const COMPLAINT_CATEGORY_CODES = COMPLAINT_CATEGORIES.map((c) => c.code) as unknown as readonly [ComplaintCategory, ...ComplaintCategory[]];

/** `POST /api/v1/organizations/:id/complaints`: a signed-in user's complaint about an organization. */
export const createComplaintSchema = z.strictObject({
  category: z.enum(COMPLAINT_CATEGORY_CODES, { message: '请选择投诉类别' }),
  description: z.string().trim().min(5, '请至少用 5 个字说明情况').max(500, '说明不能超过 500 字'),
});
export type CreateComplaintBody = z.infer<typeof createComplaintSchema>;

export interface ComplaintReceipt {
  id: string;
  organizationId: string;
  category: ComplaintCategory;
  createdAt: string;
}

/**
 * An organization's credit signals over the last year, beside its assessment grade. Rates are 0..1
 * (null without a base); latencies in hours. `disclosure`: the disclosure deadlines (of its campaigns'
 * legal cadence) that fell due in the window, met on time, late, or still unmet (overdue).
 */
export interface OrganizationCreditView {
  organizationId: string;
  name: string;
  grade: OrganizationGrade | null;
  /** Shanghai dates, both included. */
  from: string;
  to: string;
  disclosure: { due: number; onTime: number; late: number; overdue: number; onTimeRate: number | null };
  /** Sign-ups on the organization's needs whose shift has started (not cancelled or waitlisted), and no-shows among them. */
  noShow: { due: number; noShows: number; rate: number | null };
  /** Shift end → hours verified, over verified sign-ups on its needs. */
  hourVerification: { verified: number; medianHours: number | null; p90Hours: number | null };
  complaints: { total: number; last90Days: number };
  computedAt: string;
}
