import { Router, type RequestHandler } from 'express';
import { campaignRecommendationsQuerySchema } from '@tongxin/shared';
import { actorOf } from '../../platform/actor';
import { parseInput } from '../../platform/validation';
import type { DonorRecommendationsService } from './donor-recommendations.service';

export function donorRecommendationsRouter(service: DonorRecommendationsService, authenticate: RequestHandler): Router {
  const router = Router();
  router.get('/api/v1/me/campaign-recommendations', authenticate, async (req, res) => {
    res.json({ items: await service.recommend(actorOf(res), parseInput(campaignRecommendationsQuerySchema, req.query)) });
  });
  return router;
}
