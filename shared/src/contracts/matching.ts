import { z } from './zod';
import { objectIdSchema } from './common';
import { CAMPAIGN_CATEGORY_CODES, type CampaignCategory } from './campaigns';
import type { NeedCategory } from '../domain/taxonomy';
import type { SkillCode } from '../domain/taxonomy';

/** `GET /api/v1/needs/:id/candidates?shiftId=&limit=&radiusKm=`. */
export const candidatesQuerySchema = z.strictObject({
  shiftId: objectIdSchema,
  limit: z.coerce.number({ message: '数量须为数字' }).int('数量须为整数').min(1, '数量至少为 1').max(100, '数量最多为 100').default(20),
  /** The need's search radius, km; the server's default (10) when absent. */
  radiusKm: z.coerce.number({ message: '半径须为数字' }).min(0.5, '半径至少 0.5 公里').max(50, '半径最大 50 公里').optional(),
});
export type CandidatesQuery = z.infer<typeof candidatesQuerySchema>;

/** `GET /api/v1/me/recommendations?limit=`, `GET /api/v1/me/campaign-recommendations?limit=`. */
export const recommendationsQuerySchema = z.strictObject({
  limit: z.coerce.number({ message: '数量须为数字' }).int('数量须为整数').min(1, '数量至少为 1').max(50, '数量最多为 50').default(20),
});
export type RecommendationsQuery = z.infer<typeof recommendationsQuerySchema>;

/** Why a volunteer fits a shift (or a shift a volunteer). */
export interface MatchReasons {
  /** Kilometres between the volunteer's home and the need, one decimal. */
  distanceKm: number;
  matchedSkills: Array<{ code: SkillCode; label: string }>;
  /** The weekly slots of the shift the volunteer offers, e.g. "周六上午". */
  availability: string[];
  sameCommunity: boolean;
  /** Attendance record, 0–100. */
  reliabilityPercent: number;
  /** Hours served or booked this week. */
  hoursThisWeek: number;
}

export interface CandidateView {
  volunteerId: string;
  /** Masked until the volunteer accepts ("李*"). */
  maskedName: string;
  /** 0–1, higher is better; see the scoring documentation. */
  score: number;
  reasons: MatchReasons;
}

export interface CandidatesView {
  needId: string;
  shiftId: string;
  radiusKm: number;
  items: CandidateView[];
}

export interface ShiftRecommendationView {
  needId: string;
  shiftId: string;
  title: string;
  category: NeedCategory;
  communityCode: string;
  startsAt: string;
  endsAt: string;
  slotsLeft: number;
  score: number;
  reasons: MatchReasons;
}

/**
 * `GET /api/v1/me/campaign-recommendations?limit=&interests=`: `interests` are campaign categories
 * the donor picked (comma-separated), added to what their giving history says.
 */
export const campaignRecommendationsQuerySchema = recommendationsQuerySchema.extend({
  interests: z.string().max(200, '关注领域过多')
    .transform((s) => s.split(',').map((c) => c.trim()).filter((c) => c.length > 0))
    .pipe(z.array(z.enum(CAMPAIGN_CATEGORY_CODES, { message: '关注领域不在列表中' })).max(CAMPAIGN_CATEGORY_CODES.length, '关注领域过多'))
    .optional(),
});
export type CampaignRecommendationsQuery = z.infer<typeof campaignRecommendationsQuerySchema>;

/** A live campaign or an open rural revitalization project recommended to a donor. */
export interface CampaignRecommendationView {
  kind: 'campaign' | 'rural-project';
  id: string;
  title: string;
  /** The campaign's category; for a rural project, the campaign category its own counts as. */
  category: CampaignCategory;
  districtCode?: string;
  /** Campaigns: share of the goal raised, 0–100. */
  progressPercent?: number;
  /** 0–1, higher is better; see the README's matching section. */
  score: number;
  /** Chinese phrases: "你关注的扶老助老", "你所在的锦江区", … */
  reasons: string[];
}

/** `POST /api/v1/needs/:id/invitations`. */
export const createInvitationsSchema = z.strictObject({ shiftId: objectIdSchema });
export type CreateInvitationsInput = z.infer<typeof createInvitationsSchema>;

export const invitationIdSchema = z.string().regex(/^[a-f0-9]{24}:[a-f0-9]{24}$/, '邀请编号格式不正确');
export const invitationParamsSchema = z.strictObject({ id: invitationIdSchema });

export type InvitationStatus = 'invited' | 'accepted' | 'declined';

export interface InvitationView {
  /** `<shiftId>:<userId>`. */
  id: string;
  needId: string;
  shiftId: string;
  needTitle: string;
  startsAt: string;
  endsAt: string;
  wave: number;
  status: InvitationStatus;
  /** The enrollment when accepted. */
  enrollmentId?: string;
}

/** `GET /api/v1/me/invitations`: the volunteer's latest invitations, newest first (open ones only while the shift has not started). */
export interface InvitationListView {
  items: InvitationView[];
}

export interface InvitationCampaignView {
  needId: string;
  shiftId: string;
  /** Waves sent so far. */
  waves: number;
  invited: number;
  /** The wave this call sent, with how many it invited (0: nobody new). */
  sent: { wave: number; invited: number };
}
