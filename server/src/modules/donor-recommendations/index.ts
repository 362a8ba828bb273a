import type { RequestHandler } from 'express';
import { donorRecommendationsRouter } from './donor-recommendations.routes';
import { DonorRecommendationsService, type GivingPorts } from './donor-recommendations.service';

export type { GivingPorts } from './donor-recommendations.service';
export { givingPortsOf, type GivingSources } from './giving-ports';
export type { PastGift } from './giving-profile';

/** Recommendations for donors: live campaigns and open rural projects by interests, region and giving history. */
export function createDonorRecommendationsModule(ports: GivingPorts, authenticate: RequestHandler) {
  const service = new DonorRecommendationsService(ports);
  return { service, router: donorRecommendationsRouter(service, authenticate) };
}

export type DonorRecommendationsModule = ReturnType<typeof createDonorRecommendationsModule>;
