import type { CreateTeamInput, TeamView, TeamsView } from '@tongxin/shared';
import { api } from '@/services/api';

export const teamsKey = (campaignId: string) => ['campaigns', campaignId, 'teams'] as const;
export const teamKey = (teamId: string) => ['teams', teamId] as const;

/** A campaign's teams, highest raised first (the team leaderboard). */
export function fetchTeams(campaignId: string): Promise<TeamsView> {
  return api.get<TeamsView>(`/campaigns/${campaignId}/teams`);
}

export function createTeam(campaignId: string, input: CreateTeamInput): Promise<TeamView> {
  return api.post<TeamView>(`/campaigns/${campaignId}/teams`, input);
}

export function fetchTeam(teamId: string): Promise<TeamView> {
  return api.get<TeamView>(`/teams/${teamId}`);
}

/** Joins the team (joining again is fine: the same team comes back). */
export function joinTeam(teamId: string): Promise<TeamView> {
  return api.post<TeamView>(`/teams/${teamId}/members`);
}
