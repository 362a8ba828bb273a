import type {
  CampaignStatus, CampaignTransitionInput, CampaignView, CreateCampaignInput, CreateDisclosureInput, CreateRefundInput, DisclosureView, Page, RefundView,
} from '@tongxin/shared';
import { api } from '@/services/api';

export const orgCampaignsKey = (organizationId: string, status: CampaignStatus) => ['organizer', 'campaigns', organizationId, status] as const;

/** The organization's campaigns in one status, newest first. */
export function fetchOrgCampaigns(organizationId: string, status: CampaignStatus): Promise<Page<CampaignView>> {
  return api.get<Page<CampaignView>>('/campaigns', { organizationId, status, limit: 50 });
}

export function createCampaign(body: CreateCampaignInput): Promise<CampaignView> {
  return api.post<CampaignView>('/campaigns', body);
}

/** Moves a campaign along its lifecycle (submit for review, end, close); the server checks who may. */
export function transitionCampaign(id: string, body: CampaignTransitionInput): Promise<CampaignView> {
  return api.post<CampaignView>(`/campaigns/${id}/transitions`, body);
}

/**
 * Refunds part or all of one paid donation (the organization's admins only, within the refund
 * window). The same `idempotencyKey` on a retry refunds once.
 */
export function refundDonation(donationId: string, body: CreateRefundInput, idempotencyKey: string): Promise<RefundView> {
  return api.post<RefundView>(`/donations/${donationId}/refunds`, body, { headers: { 'Idempotency-Key': idempotencyKey } });
}

export const disclosuresKey = (campaignId: string) => ['campaigns', campaignId, 'disclosures'] as const;

/** Published disclosures (公示) of a campaign, as the server lists them. */
export async function fetchDisclosures(campaignId: string): Promise<DisclosureView[]> {
  return (await api.get<{ items: DisclosureView[] }>(`/campaigns/${campaignId}/disclosures`)).items;
}

/** Publishes a progress, spending or final report; published reports are never edited. */
export function publishDisclosure(campaignId: string, body: CreateDisclosureInput): Promise<DisclosureView> {
  return api.post<DisclosureView>(`/campaigns/${campaignId}/disclosures`, body);
}
