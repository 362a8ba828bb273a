import { z } from './zod';

/** Lines of the opt-in donor leaderboard a campaign's room carries with each change (and the page asks for by default). */
export const LEADERBOARD_LIVE_SIZE = 10;

/** `GET /api/v1/campaigns/:id/leaderboard?limit=`: the top of the campaign's opt-in donor leaderboard. */
export const leaderboardQuerySchema = z.strictObject({
  limit: z.coerce.number({ message: '数量须为数字' }).int('数量须为整数').min(1, '数量至少为 1').max(50, '数量最多为 50').default(LEADERBOARD_LIVE_SIZE),
});

export type LeaderboardQuery = z.infer<typeof leaderboardQuerySchema>;

/** One line of a donor leaderboard (a campaign's or a team's): never an unmasked name. */
export const donorLineViewSchema = z.strictObject({
  /** "张*", or "爱心人士" for a donor who gave anonymously. */
  donorName: z.string(),
  /** Donor's own money (no matching funds), net of refunds; fen. */
  amountFen: z.number().int().positive(),
});

export type DonorLineView = z.infer<typeof donorLineViewSchema>;

/** The top of a campaign's opt-in donor leaderboard, highest first, as it stood at the live tally's `seq`. */
export const leaderboardTopSchema = z.strictObject({
  /** Whichever of two tops (fetched, live) has the higher `seq` is the newer. */
  seq: z.number().int().nonnegative(),
  items: z.array(donorLineViewSchema),
});

export type LeaderboardTop = z.infer<typeof leaderboardTopSchema>;

/** `GET /api/v1/campaigns/:id/leaderboard`. */
export const campaignLeaderboardViewSchema = leaderboardTopSchema.extend({ campaignId: z.string() });

export type CampaignLeaderboardView = z.infer<typeof campaignLeaderboardViewSchema>;
