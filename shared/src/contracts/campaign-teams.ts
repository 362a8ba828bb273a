import { z } from './zod';
import { objectIdSchema } from './common';
import type { DonorLineView } from './campaign-leaderboard';

/** A donors' team inside a campaign (一起捐): its own goal, progress and leaderboard. */
export const createTeamSchema = z.strictObject({
  name: z.string().trim().min(2, '队伍名称至少 2 个字').max(20, '队伍名称最多 20 个字'),
  /** The team's own goal, fen. */
  goalFen: z.number({ message: '请填写队伍目标金额' }).int('金额须为整数（分）').min(1000, '队伍目标至少 10 元').max(1_000_000_000, '队伍目标过大'),
});

export type CreateTeamInput = z.infer<typeof createTeamSchema>;

export const teamParamsSchema = z.strictObject({ teamId: objectIdSchema });

/** One line of a team's donor leaderboard: masked ("张*") or "爱心人士" when the donor gave anonymously. */
export type TeamDonorView = DonorLineView;

export interface TeamView {
  id: string;
  campaignId: string;
  name: string;
  goalFen: number;
  /** Donors' money given by members after they joined, net of refunds; fen. */
  raisedFen: number;
  memberCount: number;
  /** Whether the caller is a member. */
  joined: boolean;
  /** Top donors, highest first (on the team page; empty in lists). */
  topDonors: TeamDonorView[];
  createdAt: string;
}

/** A campaign's teams, highest raised first (the team leaderboard). */
export interface TeamsView {
  items: TeamView[];
}
