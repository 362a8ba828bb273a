import { Router, type RequestHandler } from 'express';
import { campaignParamsSchema, createTeamSchema, teamParamsSchema } from '@tongxin/shared';
import { actorOf } from '../../../platform/actor';
import { parseInput } from '../../../platform/validation';
import type { CampaignTeams } from './teams.service';

/** Teams (一起捐): create and list inside a campaign, read and join by team id. */
export function teamsRouter(teams: CampaignTeams, authenticate: RequestHandler): Router {
  const router = Router();

  router.get('/api/v1/campaigns/:id/teams', authenticate, async (req, res) => {
    res.json(await teams.list(actorOf(res), parseInput(campaignParamsSchema, req.params).id));
  });

  router.post('/api/v1/campaigns/:id/teams', authenticate, async (req, res) => {
    res.status(201).json(await teams.create(actorOf(res), parseInput(campaignParamsSchema, req.params).id, parseInput(createTeamSchema, req.body)));
  });

  router.get('/api/v1/teams/:teamId', authenticate, async (req, res) => {
    res.json(await teams.get(actorOf(res), parseInput(teamParamsSchema, req.params).teamId));
  });

  router.post('/api/v1/teams/:teamId/members', authenticate, async (req, res) => {
    const { team, joined } = await teams.join(actorOf(res), parseInput(teamParamsSchema, req.params).teamId);
    res.status(joined ? 201 : 200).json(team);
  });

  return router;
}
