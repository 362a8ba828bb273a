import { Types } from 'mongoose';
import type { Actor, CreateTeamInput, TeamView, TeamsView } from '@tongxin/shared';
import { authorize } from '../../access';
import { AppError, ConflictError, NotFoundError } from '../../../platform/errors';
import type { Logger } from '../../../platform/logger';
import type { AppliedEntry } from '../campaigns.tally';
import type { CampaignRecord } from '../campaigns.repository';
import type { CampaignsService } from '../campaigns.service';
import { memberKey, type TeamRecord, type TeamsRepository } from './teams.repository';
import { addToLine, type DonorLine } from '../donor-board';
import type { TeamTallies, TeamTruth } from './teams.tally';

const TOP_DONORS = 20;
const LISTED_TEAMS = 50;

/** A member's gift as the team ledger takes it (from CampaignFunding.recordGift). */
export interface TeamGift {
  campaignId: Types.ObjectId;
  userId: string;
  amountFen: number;
  donorName: string;
  /** The donation ledger's `<donationId>:paid` entry. */
  entry: AppliedEntry;
}

/**
 * Teams (一起捐): donors form teams inside a live campaign, each with its own goal. A member's gifts
 * (paid after joining) go into the team ledger under the donation ledger's ids and into live team
 * tallies in Redis through the same applied-set gate as the campaign tally; reconciliation rebuilds
 * the tallies and boards from the team ledger. Membership is for good: one team per donor per campaign.
 */
export class CampaignTeams {
  constructor(
    private readonly repository: TeamsRepository,
    private readonly tallies: TeamTallies,
    private readonly campaigns: CampaignsService,
    private readonly logger: Logger,
    private readonly now: () => Date = () => new Date(),
  ) {}

  async create(actor: Actor, campaignId: string, input: CreateTeamInput): Promise<TeamView> {
    authorize(actor, 'donation:create');
    const campaign = await this.liveCampaign(actor, campaignId);
    if (await this.repository.membership(campaignId, actor.userId)) throw new AppError('TEAM_ALREADY_JOINED');
    const team: TeamRecord = {
      _id: new Types.ObjectId(), campaignId: campaign._id, name: input.name, goalFen: input.goalFen,
      createdBy: new Types.ObjectId(actor.userId), createdAt: this.now(),
    };
    await this.repository.insertTeam(team);
    await this.tallies.addTeam(campaignId, team._id.toHexString());
    await this.join(actor, team._id.toHexString());
    return this.view(actor, team, true);
  }

  /** Joins the team; answers whether this call joined (false: already a member). */
  async join(actor: Actor, teamId: string): Promise<{ team: TeamView; joined: boolean }> {
    authorize(actor, 'donation:create');
    const team = await this.requireTeam(teamId);
    const campaignId = team.campaignId.toHexString();
    await this.liveCampaign(actor, campaignId);
    const existing = await this.repository.join({
      _id: memberKey(campaignId, actor.userId), teamId: team._id, campaignId: team.campaignId, userId: new Types.ObjectId(actor.userId), joinedAt: this.now(),
    });
    if (existing && !existing.teamId.equals(team._id)) throw new AppError('TEAM_ALREADY_JOINED');
    await this.tallies.setMember(campaignId, actor.userId, teamId);
    return { team: await this.view(actor, team, true), joined: existing === null };
  }

  async get(actor: Actor, teamId: string): Promise<TeamView> {
    const team = await this.requireTeam(teamId);
    await this.campaigns.requireVisible(actor, team.campaignId.toHexString(), true);
    return this.view(actor, team, true);
  }

  /** The campaign's team leaderboard, highest raised first. */
  async list(actor: Actor, campaignId: string): Promise<TeamsView> {
    const campaign = await this.campaigns.requireVisible(actor, campaignId, true);
    const [teams, ranking] = await Promise.all([this.repository.teamsOf(campaign._id), this.tallies.ranking(campaignId)]);
    const byId = new Map(teams.map((t) => [t._id.toHexString(), t]));
    const ordered = [...teams].sort((a, b) => (ranking.get(b._id.toHexString()) ?? 0) - (ranking.get(a._id.toHexString()) ?? 0) || b._id.toHexString().localeCompare(a._id.toHexString()));
    const items = await Promise.all(ordered.slice(0, LISTED_TEAMS).map((t) => this.view(actor, byId.get(t._id.toHexString())!, false)));
    return { items };
  }

  /** A paid gift: counted for the donor's team, if any (one Redis read for everyone else). */
  async afterGift(gift: TeamGift): Promise<void> {
    const campaignId = gift.campaignId.toHexString();
    const teamId = await this.tallies.teamOf(campaignId, gift.userId);
    if (!teamId) return;
    await this.repository.recordGift({
      _id: gift.entry.id, teamId: new Types.ObjectId(teamId), campaignId: gift.campaignId, userId: new Types.ObjectId(gift.userId),
      amountFen: gift.amountFen, donorName: gift.donorName, recordedAt: gift.entry.recordedAt,
    });
    await this.tallies.apply(campaignId, teamId, gift.userId, gift.amountFen, gift.entry, gift.donorName, this.now().getTime());
  }

  /** A refund (`<donationId>:refund:<n>`): taken off the team the gift counted for, if any. */
  async afterRefund(campaignId: Types.ObjectId, refundedFen: number, entry: AppliedEntry): Promise<void> {
    const donationId = entry.id.split(':')[0]!;
    const paid = await this.repository.findGift(`${donationId}:paid`);
    if (!paid) return;
    await this.repository.recordRefund({ ...paid, _id: entry.id, amountFen: -refundedFen, recordedAt: entry.recordedAt });
    await this.tallies.apply(campaignId.toHexString(), paid.teamId.toHexString(), paid.userId.toHexString(), -refundedFen, entry, '', this.now().getTime());
  }

  /**
   * Rebuilds the campaign's team tallies, boards and memberships from the store when Redis differs
   * and the team ledger has been quiet `quietMs`. Returns whether it repaired anything.
   */
  async repair(id: Types.ObjectId, quietMs: number, recentSince: Date): Promise<boolean> {
    const teams = await this.repository.teamsOf(id);
    if (teams.length === 0) return false;
    const campaignId = id.toHexString();
    const [gifts, members, live] = await Promise.all([
      this.repository.giftsOf(id), this.repository.membersOf(id), this.tallies.ranking(campaignId),
    ]);
    const truth: TeamTruth = {
      raised: new Map(teams.map((t) => [t._id.toHexString(), 0])), donors: new Map(), teamOf: new Map(), recentEntries: [],
    };
    let lastAt = 0;
    for (const g of gifts) {
      const teamId = g.teamId.toHexString();
      const userId = g.userId.toHexString();
      truth.raised.set(teamId, (truth.raised.get(teamId) ?? 0) + g.amountFen);
      const board = truth.donors.get(teamId) ?? new Map<string, DonorLine>();
      truth.donors.set(teamId, board);
      // Refund records copy the gift's name; only gifts name a line (as live, see BOARD_LUA).
      addToLine(board, userId, g.amountFen, g.amountFen > 0 ? g.donorName : '');
      if (g.recordedAt >= recentSince) truth.recentEntries.push({ id: g._id, recordedAt: g.recordedAt });
      lastAt = Math.max(lastAt, g.recordedAt.getTime());
    }
    for (const m of members) truth.teamOf.set(m.userId.toHexString(), m.teamId.toHexString());
    const same = truth.raised.size === live.size && [...truth.raised].every(([id, fen]) => live.get(id) === fen);
    if (same || this.now().getTime() - lastAt < quietMs) return false;
    await this.tallies.replace(campaignId, truth, this.now().getTime());
    this.logger.warn({ campaignId, teams: truth.raised.size }, 'team tallies repaired');
    return true;
  }

  private async liveCampaign(actor: Actor, campaignId: string): Promise<CampaignRecord> {
    const campaign = await this.campaigns.requireVisible(actor, campaignId);
    if (campaign.status !== 'live') throw new ConflictError('CAMPAIGN_NOT_LIVE');
    return campaign;
  }

  private async requireTeam(teamId: string): Promise<TeamRecord> {
    const team = await this.repository.findTeam(teamId);
    if (!team) throw new NotFoundError('队伍不存在');
    return team;
  }

  private async view(actor: Actor, team: TeamRecord, withDonors: boolean): Promise<TeamView> {
    const campaignId = team.campaignId.toHexString();
    const teamId = team._id.toHexString();
    const [raisedFen, memberCount, mine, topDonors] = await Promise.all([
      this.tallies.raisedOf(campaignId, teamId),
      this.repository.memberCount(team._id),
      this.repository.membership(campaignId, actor.userId),
      withDonors ? this.tallies.topDonors(campaignId, teamId, TOP_DONORS) : Promise.resolve([]),
    ]);
    return {
      id: teamId, campaignId, name: team.name, goalFen: team.goalFen, raisedFen, memberCount,
      joined: mine?.teamId.equals(team._id) === true, topDonors, createdAt: team.createdAt.toISOString(),
    };
  }
}
