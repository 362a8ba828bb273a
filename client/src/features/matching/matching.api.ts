import type { CandidatesView, InvitationCampaignView, InvitationListView, InvitationView, ShiftRecommendationView } from '@tongxin/shared';
import { api } from '@/services/api';

export const candidatesKey = (needId: string, shiftId: string) => ['staff', 'candidates', needId, shiftId] as const;
export const recommendationsKey = ['me', 'recommendations'] as const;
export const invitationsKey = ['me', 'invitations'] as const;

/** Ranked volunteers for one shift, best first, with the reasons; names masked (staff only). */
export function fetchCandidates(needId: string, shiftId: string): Promise<CandidatesView> {
  return api.get<CandidatesView>(`/needs/${needId}/candidates`, { shiftId, limit: 20 });
}

/** Invites the next wave of the best candidates; asking again invites nobody twice. */
export function sendInvitations(needId: string, shiftId: string): Promise<InvitationCampaignView> {
  return api.post<InvitationCampaignView>(`/needs/${needId}/invitations`, { shiftId });
}

/** Open shifts of the next two weeks that fit the signed-in volunteer, best first. */
export async function fetchRecommendations(limit = 5): Promise<ShiftRecommendationView[]> {
  return (await api.get<{ items: ShiftRecommendationView[] }>('/me/recommendations', { limit })).items;
}

export async function fetchInvitations(): Promise<InvitationView[]> {
  return (await api.get<InvitationListView>('/me/invitations')).items;
}

/** Accepting signs the volunteer up (the same rules as the sign-up button). */
export function answerInvitation(id: string, answer: 'accept' | 'decline'): Promise<InvitationView> {
  return api.post<InvitationView>(`/invitations/${encodeURIComponent(id)}/${answer}`);
}
