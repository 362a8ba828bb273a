import type { RequestHandler } from 'express';
import type { Socket } from 'socket.io';
import { ReplicaChannel } from '../../platform/replica-channel';
import type { ModuleDeps } from '../module-deps';
import type { OrganizationsService } from '../organizations';
import { CampaignDeadlines, type CampaignInbox } from './campaigns.deadlines';
import { CampaignDisclosures } from './campaigns.disclosures';
import { CampaignFollowing } from './campaigns.following';
import { DisclosuresRepository } from './disclosures.repository';
import { TeamsRepository } from './teams/teams.repository';
import { teamsRouter } from './teams/teams.routes';
import { CampaignTeams } from './teams/teams.service';
import { TeamTallies } from './teams/teams.tally';
import { CampaignFunding } from './campaigns.funding';
import { CampaignLeaderboard } from './campaigns.leaderboard';
import { CampaignLifecycle } from './campaigns.lifecycle';
import { CampaignsRepository } from './campaigns.repository';
import { campaignsRouter } from './campaigns.routes';
import { CampaignsService } from './campaigns.service';
import { registerCampaignSockets } from './campaigns.socket';
import { CampaignTallies } from './campaigns.tally';
import { MatchingRepository } from './matching.repository';
import { TallyBroadcaster } from './tally-broadcaster';
import { CampaignFollowers } from './followers';

export type { CampaignsService, CampaignFunding, CampaignInbox };
export type { OverdueDisclosure } from './campaigns.disclosures';
export type { CampaignLinks } from './campaigns.service';
export type { CampaignRecord } from './campaigns.repository';
export type { LedgerTotals, PaidGift, RepairOutcome } from './campaigns.funding';
export { addToLine, ANONYMOUS_DONOR, type DonorLine } from './donor-board';
export { APPLIED_WINDOW_MS } from './campaigns.tally';

/** Campaigns: registry, lifecycle, matching pools, live tallies (`/api/v1/campaigns`, `campaign:watch`). */
export function createCampaignsModule(deps: ModuleDeps, organizations: OrganizationsService, inbox: CampaignInbox, authenticate: RequestHandler) {
  const logger = deps.logger.child({ module: 'campaigns' });
  const repository = new CampaignsRepository(deps.connection);
  const matching = new MatchingRepository(deps.connection);
  const tallies = new CampaignTallies(deps.redis, deps.config.REDIS_PREFIX);
  const broadcaster = new TallyBroadcaster(deps.notifier);
  const service = new CampaignsService(repository, matching, tallies, organizations, deps.audit);
  const changes = new ReplicaChannel<{ id: string }>(deps.redis, `${deps.config.REDIS_PREFIX}:campaigns:changed`, logger);
  service.announceChange = (id) => changes.publish({ id });
  const followers = new CampaignFollowers(deps.connection);
  const deadlines = new CampaignDeadlines(deps.queues, repository, service, tallies, followers, inbox, logger);
  const disclosures = new CampaignDisclosures(new DisclosuresRepository(deps.connection), repository, service, deps.queues, inbox, deps.audit, logger);
  const lifecycle = new CampaignLifecycle(repository, service, organizations, tallies, broadcaster, deps.audit, deadlines, disclosures);
  deadlines.endBySystem = (campaign, reason) => lifecycle.endBySystem(campaign, reason);
  const teams = new CampaignTeams(new TeamsRepository(deps.connection), new TeamTallies(deps.redis, deps.config.REDIS_PREFIX), service, logger);
  const funding = new CampaignFunding(repository, matching, tallies, broadcaster, service, logger, deps.audit, deadlines, teams);
  const following = new CampaignFollowing(service, followers);
  return {
    service,
    lifecycle,
    funding,
    deadlines,
    disclosures,
    /** Campaigns late with a required disclosure, most overdue first (for the statistics dashboard). */
    listOverdueDisclosures: (limit?: number) => disclosures.listOverdueDisclosures(limit),
    /** An organization's disclosure deadlines due in a window: on time, late, overdue (its credit signals). */
    disclosureTimeliness: (organizationId: string, from: Date, to: Date) => disclosures.timeliness(organizationId, from, to),
    teams,
    router: campaignsRouter({ campaigns: service, lifecycle, funding, following, disclosures, leaderboard: new CampaignLeaderboard(service, tallies) }, authenticate),
    teamsRouter: teamsRouter(teams, authenticate),
    registerSockets: (socket: Socket) => registerCampaignSockets(socket, service, logger),
    /** API processes follow other replicas' campaign changes, so cached copies never say "live" after an end. */
    listen: () => changes.start(({ id }) => service.forget(id)),
    /** Flushes coalesced room updates; part of graceful shutdown. */
    close: async () => {
      broadcaster.close();
      await changes.close();
    },
    listFundraisingIds: () => repository.listFundraisingIds(),
    /** Ends campaigns when their period is over or goal reached; ending-soon and ended notices. */
    startWorkers: () => {
      deadlines.startWorker();
      disclosures.startWorker();
    },
  };
}

export type CampaignsModule = ReturnType<typeof createCampaignsModule>;
