import { Router, type RequestHandler } from 'express';
import {
  campaignParamsSchema, createDisclosureSchema, campaignTransitionSchema, createCampaignSchema, createMatchingPoolSchema, extendCampaignSchema,
  leaderboardQuerySchema, listCampaignsQuerySchema, updateCampaignSchema,
} from '@tongxin/shared';
import { actorOf } from '../../platform/actor';
import { parseInput } from '../../platform/validation';
import type { CampaignDisclosures } from './campaigns.disclosures';
import type { CampaignFollowing } from './campaigns.following';
import type { CampaignFunding } from './campaigns.funding';
import type { CampaignLeaderboard } from './campaigns.leaderboard';
import type { CampaignLifecycle } from './campaigns.lifecycle';
import type { CampaignsService } from './campaigns.service';

export interface CampaignHandlers {
  campaigns: CampaignsService;
  lifecycle: CampaignLifecycle;
  funding: CampaignFunding;
  following: CampaignFollowing;
  disclosures: CampaignDisclosures;
  leaderboard: CampaignLeaderboard;
}

export function campaignsRouter({ campaigns, lifecycle, funding, following, disclosures, leaderboard }: CampaignHandlers, authenticate: RequestHandler): Router {
  const router = Router();
  const idOf = (params: unknown) => parseInput(campaignParamsSchema, params).id;

  router.get('/api/v1/campaigns', authenticate, async (req, res) => {
    res.json(await campaigns.list(actorOf(res), parseInput(listCampaignsQuerySchema, req.query)));
  });

  router.post('/api/v1/campaigns', authenticate, async (req, res) => {
    res.status(201).json(await campaigns.create(actorOf(res), parseInput(createCampaignSchema, req.body)));
  });

  router.get('/api/v1/campaigns/:id', authenticate, async (req, res) => {
    res.json(await following.get(actorOf(res), idOf(req.params)));
  });

  router.get('/api/v1/campaigns/:id/leaderboard', authenticate, async (req, res) => {
    res.json(await leaderboard.top(actorOf(res), idOf(req.params), parseInput(leaderboardQuerySchema, req.query).limit));
  });

  router.get('/api/v1/campaigns/:id/disclosures', authenticate, async (req, res) => {
    res.json({ items: await disclosures.list(actorOf(res), idOf(req.params)) });
  });

  router.post('/api/v1/campaigns/:id/disclosures', authenticate, async (req, res) => {
    res.status(201).json(await disclosures.publish(actorOf(res), idOf(req.params), parseInput(createDisclosureSchema, req.body)));
  });

  router.post('/api/v1/campaigns/:id/follow', authenticate, async (req, res) => {
    const result = await following.follow(actorOf(res), idOf(req.params));
    res.status(result.created ? 201 : 200).json({ following: true });
  });

  router.delete('/api/v1/campaigns/:id/follow', authenticate, async (req, res) => {
    await following.unfollow(actorOf(res), idOf(req.params));
    res.status(204).end();
  });

  router.patch('/api/v1/campaigns/:id', authenticate, async (req, res) => {
    res.json(await campaigns.updateDraft(actorOf(res), idOf(req.params), parseInput(updateCampaignSchema, req.body)));
  });

  router.post('/api/v1/campaigns/:id/transitions', authenticate, async (req, res) => {
    res.json(await lifecycle.transition(actorOf(res), idOf(req.params), parseInput(campaignTransitionSchema, req.body)));
  });

  router.post('/api/v1/campaigns/:id/extensions', authenticate, async (req, res) => {
    res.json(await lifecycle.extend(actorOf(res), idOf(req.params), parseInput(extendCampaignSchema, req.body)));
  });

  router.post('/api/v1/campaigns/:id/matching-pool', authenticate, async (req, res) => {
    res.status(201).json(await funding.createPool(actorOf(res), idOf(req.params), parseInput(createMatchingPoolSchema, req.body)));
  });

  return router;
}
