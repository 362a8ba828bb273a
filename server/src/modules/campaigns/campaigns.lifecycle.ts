import { Types } from 'mongoose';
import type { Actor, CampaignStatus, CampaignTransitionInput, CampaignView, ExtendCampaignInput } from '@tongxin/shared';
import { can, type Action } from '../access';
import type { AuditTrail } from '../audit';
import type { OrganizationsService } from '../organizations';
import { ConflictError, ForbiddenError } from '../../platform/errors';
import { goLiveProblems } from './campaigns.compliance';
import type { AuditRecord, CampaignRecord, CampaignsRepository } from './campaigns.repository';
import type { CampaignDeadlines } from './campaigns.deadlines';
import type { CampaignDisclosures } from './campaigns.disclosures';
import type { CampaignsService } from './campaigns.service';
import type { CampaignTallies } from './campaigns.tally';
import type { TallyBroadcaster } from './tally-broadcaster';

interface Move {
  from: CampaignStatus;
  to: CampaignStatus;
  /** Any one of these actions allows the move. */
  allowed: Action[];
  /** Moves that put money in reach must pass the compliance check at that moment. */
  checksCompliance: boolean;
}

/** draft → review → live → ended → closed; review → draft is a rejection. */
const MOVES: readonly Move[] = [
  { from: 'draft', to: 'review', allowed: ['campaign:manage'], checksCompliance: true },
  { from: 'review', to: 'draft', allowed: ['campaign:review'], checksCompliance: false },
  { from: 'review', to: 'live', allowed: ['campaign:review'], checksCompliance: true },
  { from: 'live', to: 'ended', allowed: ['campaign:manage', 'campaign:review'], checksCompliance: false },
  { from: 'ended', to: 'closed', allowed: ['campaign:manage', 'campaign:review'], checksCompliance: false },
];

function describeExtension(campaign: CampaignRecord, goalFen: number, endsAt: Date, reason: string): string {
  const parts: string[] = [];
  if (goalFen !== campaign.goalFen) parts.push(`目标金额 ${campaign.goalFen} → ${goalFen} 分`);
  if (endsAt.getTime() !== campaign.endsAt.getTime()) parts.push(`结束时间 ${campaign.endsAt.toISOString()} → ${endsAt.toISOString()}`);
  return `${parts.join('；')}（${reason}）`;
}

/** Lifecycle moves and extensions of live campaigns, each with an audit entry. */
export class CampaignLifecycle {
  constructor(
    private readonly repository: CampaignsRepository,
    private readonly campaigns: CampaignsService,
    private readonly organizations: OrganizationsService,
    private readonly tallies: CampaignTallies,
    private readonly broadcaster: TallyBroadcaster,
    private readonly trail: AuditTrail,
    private readonly deadlines: CampaignDeadlines,
    private readonly disclosures: Pick<CampaignDisclosures, 'recompute'>,
    private readonly now: () => Date = () => new Date(),
  ) {}

  async transition(actor: Actor, id: string, input: CampaignTransitionInput): Promise<CampaignView> {
    const campaign = await this.campaigns.requireVisible(actor, id);
    const move = MOVES.find((m) => m.from === campaign.status && m.to === input.to);
    if (!move) throw new ConflictError('CAMPAIGN_TRANSITION_INVALID', `不能从 ${campaign.status} 变为 ${input.to}`);
    const scope = { organizationId: campaign.organizationId.toHexString() };
    if (!move.allowed.some((action) => can(actor, action, scope))) throw new ForbiddenError();
    if (move.checksCompliance) await this.assertCompliant(campaign);
    const detail = `${move.from} → ${move.to}${input.note ? `（${input.note}）` : ''}`;
    const moved = await this.repository.transition(campaign._id, move.from, move.to, this.audit(actor, 'transition', detail));
    if (!moved) throw new ConflictError('CAMPAIGN_TRANSITION_INVALID', '项目状态已被他人更改，请刷新');
    await this.trail.record({
      actor, action: 'campaign:transition', subject: { type: 'campaign', id }, before: { status: move.from }, after: { status: move.to },
    });
    return this.campaigns.view(await this.afterMove(moved));
  }

  /** A live campaign's goal and period may only grow. */
  async extend(actor: Actor, id: string, input: ExtendCampaignInput): Promise<CampaignView> {
    const campaign = await this.campaigns.requireVisible(actor, id);
    if (!this.campaigns.canManage(actor, campaign)) throw new ForbiddenError();
    if (campaign.status !== 'live') throw new ConflictError('CAMPAIGN_TRANSITION_INVALID', '只有进行中的项目可以延期或提高目标');
    const goalFen = input.goalFen ?? campaign.goalFen;
    const endsAt = input.endsAt ? new Date(input.endsAt) : campaign.endsAt;
    const grows = goalFen > campaign.goalFen || endsAt.getTime() > campaign.endsAt.getTime();
    if (goalFen < campaign.goalFen || endsAt.getTime() < campaign.endsAt.getTime() || !grows) {
      throw new ConflictError('CAMPAIGN_EXTENSION_INVALID');
    }
    const audit = this.audit(actor, 'extend', describeExtension(campaign, goalFen, endsAt, input.reason));
    const extended = await this.repository.extend(campaign._id, { goalFen, endsAt }, audit);
    if (!extended) throw new ConflictError('CAMPAIGN_EXTENSION_INVALID', '项目已结束或已被调整得更多，请刷新');
    await this.trail.record({
      actor, action: 'campaign:extend', subject: { type: 'campaign', id },
      before: { goalFen: campaign.goalFen, endsAt: campaign.endsAt.toISOString() }, after: { goalFen, endsAt: endsAt.toISOString() },
    });
    await this.campaigns.remember(extended);
    await this.deadlines.schedule(extended);
    const recomputed = await this.disclosures.recompute(extended);
    const tally = await this.tallies.setGoal(id, extended.goalFen);
    if (tally) this.broadcaster.publish({ campaignId: id, ...tally });
    return this.campaigns.view(recomputed);
  }

  /**
   * The system ends a live campaign (its period is over, or its goal reached and it ends on goal);
   * false when it was no longer live.
   */
  async endBySystem(campaign: CampaignRecord, reason: 'period-over' | 'goal-reached'): Promise<boolean> {
    const detail = `live → ended（${reason === 'goal-reached' ? '已达成目标金额' : '募捐期限届满'}）`;
    const moved = await this.repository.transition(campaign._id, 'live', 'ended', { action: 'transition', at: this.now(), detail });
    if (!moved) return false;
    await this.trail.record({
      actor: 'system', action: 'campaign:transition', subject: { type: 'campaign', id: campaign._id.toHexString() },
      before: { status: 'live' }, after: { status: 'ended', reason },
    });
    await this.afterMove(moved);
    return true;
  }

  /** Starts what a move starts (live tally, deadlines, notices); returns the campaign with its next disclosure deadline. */
  private async afterMove(moved: CampaignRecord): Promise<CampaignRecord> {
    await this.campaigns.remember(moved);
    if (moved.status === 'live') {
      await this.tallies.seed(moved._id.toHexString(), moved);
      await this.deadlines.schedule(moved);
    }
    if (moved.status === 'ended') await this.deadlines.ended(moved._id.toHexString());
    return this.disclosures.recompute(moved);
  }

  private async assertCompliant(campaign: CampaignRecord): Promise<void> {
    const own = await this.organizations.fundraiser(campaign.organizationId.toHexString());
    const partner = campaign.partnerOrganizationId
      ? await this.organizations.fundraiser(campaign.partnerOrganizationId.toHexString())
      : null;
    const qualified = own.organization.status === 'active' && (own.qualified || partner?.qualified === true);
    const problems = goLiveProblems({ qualified, filing: campaign.filing, startsAt: campaign.startsAt, endsAt: campaign.endsAt }, this.now());
    if (problems.length > 0) throw new ConflictError('CAMPAIGN_NOT_COMPLIANT', problems.join('；'));
  }

  private audit(actor: Actor, action: AuditRecord['action'], detail: string): AuditRecord {
    return { action, by: new Types.ObjectId(actor.userId), at: this.now(), detail };
  }
}
