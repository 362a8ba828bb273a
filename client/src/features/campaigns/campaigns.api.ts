import type { CampaignView, CreateDonationInput, DonationView, Page } from '@tongxin/shared';
import { api } from '@/services/api';

export const campaignsKey = ['campaigns'] as const;
export const campaignKey = (id: string) => ['campaigns', id] as const;
export const myDonationsKey = ['me', 'donations'] as const;

export function fetchCampaigns(cursor?: string): Promise<Page<CampaignView>> {
  return api.get<Page<CampaignView>>('/campaigns', { status: 'live', cursor, limit: 20 });
}

export function fetchCampaign(id: string): Promise<CampaignView> {
  return api.get<CampaignView>(`/campaigns/${id}`);
}

/** Creates a pending donation; the same `idempotencyKey` on a retry returns the same donation. */
export function createDonation(campaignId: string, input: CreateDonationInput, idempotencyKey: string): Promise<DonationView> {
  return api.post<DonationView>(`/campaigns/${campaignId}/donations`, input, { headers: { 'Idempotency-Key': idempotencyKey } });
}

/** The sandbox provider's pay step (H5 and development): it signs and delivers the payment notification. */
export function paySandbox(payPath: string): Promise<unknown> {
  // payPath is the server's absolute API path, e.g. /api/v1/payments/sandbox/<id>/pay.
  return api.post<unknown>(payPath.replace(/^\/api\/v1/, ''));
}

/** Follows or unfollows a campaign (its end is then announced to the user). */
export function setFollowing(campaignId: string, follow: boolean): Promise<unknown> {
  return follow ? api.post<unknown>(`/campaigns/${campaignId}/follow`) : api.delete<unknown>(`/campaigns/${campaignId}/follow`);
}

export function fetchDonation(id: string): Promise<DonationView> {
  return api.get<DonationView>(`/donations/${id}`);
}

export function fetchMyDonations(cursor?: string): Promise<Page<DonationView>> {
  return api.get<Page<DonationView>>('/me/donations', { cursor, limit: 20 });
}
