import { z } from './zod';
import { communityCodeSchema, cursorQuerySchema, instantSchema, objectIdSchema } from './common';
import type { OrganizationGrade } from './organizations';

export const CAMPAIGN_CATEGORIES = [
  { code: 'elderly', label: '扶老助老' },
  { code: 'children', label: '儿童关爱' },
  { code: 'disability', label: '助残' },
  { code: 'education', label: '助学' },
  { code: 'medical', label: '医疗救助' },
  { code: 'rural_revitalization', label: '乡村振兴' },
  { code: 'disaster_relief', label: '救灾' },
  { code: 'environment', label: '环境保护' },
  { code: 'community', label: '社区发展' },
] as const;

export type CampaignCategory = (typeof CAMPAIGN_CATEGORIES)[number]['code'];
export const CAMPAIGN_CATEGORY_CODES = CAMPAIGN_CATEGORIES.map((c) => c.code) as unknown as readonly [CampaignCategory, ...CampaignCategory[]];
const CATEGORY_CODES = CAMPAIGN_CATEGORY_CODES;

/** A fundraising plan must be filed (备案) at least this many days before the campaign starts. */
export const FILING_LEAD_DAYS = 10;

/** Goal bounds in fen: ¥100 to ¥1 billion. */
const GOAL_MIN_FEN = 10_000;
const GOAL_MAX_FEN = 100_000_000_000;

const goalFenSchema = z.number().int('目标金额须为整数（分）').min(GOAL_MIN_FEN, '目标金额至少 100 元').max(GOAL_MAX_FEN, '目标金额过大');

/** Who the money is for. Appeals for one named person are personal help-seeking, not charity fundraising. */
export const beneficiarySchema = z.strictObject({
  kind: z.enum(['group', 'institution', 'community', 'individual'], { message: '请选择受益对象类型' })
    .refine((kind) => kind !== 'individual', '个人求助不属于慈善募捐，不能发起募捐项目'),
  description: z.string().trim().min(4, '请描述受益对象').max(500, '受益对象描述最多 500 个字'),
});

export const budgetLineSchema = z.strictObject({
  item: z.string().trim().min(1, '请填写预算项目').max(60, '预算项目最多 60 个字'),
  /** Amount in fen. */
  amountFen: z.number().int('金额须为整数（分）').min(1, '金额须大于 0'),
});

/** The fundraising-plan filing (募捐方案备案) with the civil-affairs department. */
export const filingSchema = z.strictObject({
  number: z.string().trim().min(4, '备案编号过短').max(40, '备案编号过长'),
  filedAt: instantSchema,
});

const campaignFields = {
  organizationId: objectIdSchema,
  /** A qualified organization running the campaign together with an unqualified one (合作募捐). */
  partnerOrganizationId: objectIdSchema.optional(),
  title: z.string().trim().min(4, '标题至少 4 个字').max(60, '标题最多 60 个字'),
  summary: z.string().trim().max(2000, '简介最多 2000 个字').default(''),
  goalFen: goalFenSchema,
  startsAt: instantSchema,
  endsAt: instantSchema,
  beneficiary: beneficiarySchema,
  category: z.enum(CATEGORY_CODES, { message: '请选择项目类别' }),
  coverImageUrl: z.url({ protocol: /^https$/, message: '封面须为 https 图片地址' }).max(500).optional(),
  budgetLines: z.array(budgetLineSchema).max(30, '预算最多 30 项').default([]),
  filing: filingSchema.optional(),
  ruralProjectId: objectIdSchema.optional(),
  communityCode: communityCodeSchema.optional(),
  /** End the campaign as soon as donors' and matched money reach the goal (otherwise it runs to its end). */
  endsOnGoal: z.boolean().optional(),
};

function periodIsOrdered(c: { startsAt?: string | undefined; endsAt?: string | undefined }): boolean {
  return !c.startsAt || !c.endsAt || Date.parse(c.endsAt) > Date.parse(c.startsAt);
}

function budgetFitsGoal(c: { goalFen?: number | undefined; budgetLines?: Array<{ amountFen: number }> | undefined }): boolean {
  return !c.goalFen || !c.budgetLines || c.budgetLines.reduce((sum, line) => sum + line.amountFen, 0) <= c.goalFen;
}

export const createCampaignSchema = z
  .strictObject(campaignFields)
  .refine(periodIsOrdered, { message: '结束时间须晚于开始时间', path: ['endsAt'] })
  .refine(budgetFitsGoal, { message: '预算合计不能超过目标金额', path: ['budgetLines'] });

/** Edits to a draft (or a campaign sent back from review); the organization never changes. */
export const updateCampaignSchema = z
  .strictObject(campaignFields)
  .omit({ organizationId: true })
  .partial()
  .refine(periodIsOrdered, { message: '结束时间须晚于开始时间', path: ['endsAt'] })
  .refine(budgetFitsGoal, { message: '预算合计不能超过目标金额', path: ['budgetLines'] });

/** A live campaign's goal and period can only grow; every extension is audited. */
export const extendCampaignSchema = z
  .strictObject({
    goalFen: goalFenSchema.optional(),
    endsAt: instantSchema.optional(),
    reason: z.string().trim().min(4, '请说明调整原因').max(200, '原因最多 200 个字'),
  })
  .refine((e) => e.goalFen !== undefined || e.endsAt !== undefined, { message: '请填写新的目标金额或结束时间', path: ['goalFen'] });

export type CampaignStatus = 'draft' | 'review' | 'live' | 'ended' | 'closed';

/** Lifecycle moves a client may ask for; `draft` from `review` is a rejection. */
export const campaignTransitionSchema = z.strictObject({
  to: z.enum(['draft', 'review', 'live', 'ended', 'closed'], { message: '不支持的状态' }),
  note: z.string().trim().max(200, '说明最多 200 个字').optional(),
});

export const listCampaignsQuerySchema = cursorQuerySchema.extend({
  status: z.enum(['draft', 'review', 'live', 'ended', 'closed']).default('live'),
  organizationId: objectIdSchema.optional(),
  category: z.enum(CATEGORY_CODES).optional(),
  /** Campaigns linked to one rural revitalization project. */
  ruralProjectId: objectIdSchema.optional(),
  /** `overdue`: campaigns late with a required disclosure, any status (civil-affairs admins only). */
  disclosure: z.enum(['overdue'], { message: '不支持的筛选' }).optional(),
});

export const DISCLOSURE_KINDS = ['progress', 'spending', 'final'] as const;
/** `progress`: 进展公示; `spending`: 善款使用公示; `final`: the full report after the end (结项报告). */
export type DisclosureKind = (typeof DISCLOSURE_KINDS)[number];

export const createDisclosureSchema = z.strictObject({
  kind: z.enum(DISCLOSURE_KINDS, { message: '请选择公示类型' }),
  title: z.string().trim().min(4, '标题至少 4 个字').max(60, '标题最多 60 个字'),
  body: z.string().trim().min(10, '内容至少 10 个字').max(5000, '内容最多 5000 个字'),
  /** What the money was spent on in this period (amounts in fen). */
  spendingLines: z.array(budgetLineSchema).max(50, '支出明细最多 50 项').default([]),
});

export type CreateDisclosureInput = z.infer<typeof createDisclosureSchema>;

export interface DisclosureView {
  id: string;
  campaignId: string;
  kind: DisclosureKind;
  title: string;
  body: string;
  spendingLines: Array<{ item: string; amountFen: number }>;
  /** Sum of the spending lines, fen. */
  spentFen: number;
  publishedAt: string;
}

/**
 * The legal disclosure cadence (Charity Law art. 73): at least every 3 months while a campaign of more
 * than 6 months runs (`periodic`), a full report within 3 months after its end (`final`).
 */
export interface DisclosureDueView {
  /** The next deadline, null when nothing is owed. */
  dueAt: string | null;
  dueKind: 'periodic' | 'final' | null;
  overdue: boolean;
}

export const campaignParamsSchema = z.strictObject({ id: objectIdSchema });

/** Ratio in percent of each donation (100 = 1:1); amounts in fen. */
export const createMatchingPoolSchema = z.strictObject({
  sponsorName: z.string().trim().min(2, '请填写配捐方名称').max(60, '配捐方名称最多 60 个字'),
  ratioPercent: z.number().int('比例须为整数百分比').min(1, '比例至少 1%').max(1000, '比例最多 1000%'),
  capFen: z.number().int('金额须为整数（分）').min(100, '配捐总额至少 1 元').max(GOAL_MAX_FEN, '配捐总额过大'),
  perDonorDailyCapFen: z.number().int('金额须为整数（分）').min(1, '每人每日上限须大于 0'),
});

/** Live totals of a campaign; amounts in fen. `seq` grows with every change so clients drop stale ones. */
export interface CampaignTally {
  raisedFen: number;
  /** Distinct donors with at least one paid donation. */
  donorCount: number;
  /** Matching funds drawn for this campaign, kept apart from donors' money. */
  matchedFen: number;
  goalFen: number;
  seq: number;
}

/** One entry of the recent-donations feed; never an unmasked name. */
export interface RecentDonationView {
  /** "张*", or "爱心人士" for anonymous gifts. */
  donorName: string;
  amountFen: number;
  matchedFen: number;
  message: string;
  paidAt: string;
}

export interface CampaignOrganizationView {
  id: string;
  /** Full registered name. */
  name: string;
  creditCode: string;
  /** Public-fundraising qualification record number, null when unqualified. */
  qualificationNumber: string | null;
  grade: OrganizationGrade | null;
}

export interface MatchingPoolView {
  sponsorName: string;
  ratioPercent: number;
  capFen: number;
  remainingFen: number;
  perDonorDailyCapFen: number;
}

export interface CampaignAuditEntry {
  action: 'extend' | 'transition';
  by: string;
  at: string;
  detail: string;
}

export interface CampaignView {
  id: string;
  title: string;
  summary: string;
  status: CampaignStatus;
  category: CampaignCategory;
  goalFen: number;
  startsAt: string;
  endsAt: string;
  beneficiary: { kind: string; description: string };
  coverImageUrl?: string;
  budgetLines: Array<{ item: string; amountFen: number }>;
  organization: CampaignOrganizationView;
  partner: CampaignOrganizationView | null;
  filing: { number: string; filedAt: string } | null;
  ruralProjectId?: string;
  communityCode?: string;
  tally: CampaignTally;
  /** Ends as soon as the goal is reached (else at `endsAt`). */
  endsOnGoal: boolean;
  disclosure: DisclosureDueView;
  /** Whether the caller follows it (关注); present on `GET /campaigns/:id` only. */
  following?: boolean;
  matching: MatchingPoolView | null;
  recentDonations: RecentDonationView[];
  audit: CampaignAuditEntry[];
  createdAt: string;
}

export type CreateCampaignInput = z.infer<typeof createCampaignSchema>;
export type UpdateCampaignInput = z.infer<typeof updateCampaignSchema>;
export type ExtendCampaignInput = z.infer<typeof extendCampaignSchema>;
export type CampaignTransitionInput = z.infer<typeof campaignTransitionSchema>;
export type ListCampaignsQuery = z.infer<typeof listCampaignsQuerySchema>;
export type CreateMatchingPoolInput = z.infer<typeof createMatchingPoolSchema>;
