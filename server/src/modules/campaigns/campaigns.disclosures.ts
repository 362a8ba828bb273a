import { Types } from 'mongoose';
import {
  formatShanghai, type Actor, type CreateDisclosureInput, type DisclosureView,
} from '@tongxin/shared';
import { authorize } from '../access';
import type { AuditTrail } from '../audit';
import { ConflictError } from '../../platform/errors';
import type { Logger } from '../../platform/logger';
import type { QueueFactory } from '../../platform/queues';
import { QUEUE_NAMES, type CampaignDisclosureJob } from '../queues.registry';
import type { CampaignInbox } from './campaigns.deadlines';
import type { CampaignRecord, CampaignsRepository } from './campaigns.repository';
import type { CampaignsService } from './campaigns.service';
import { nextDisclosureDue } from './disclosure-rules';
import { countTimeliness, pastDeadlines, type DisclosureTimeliness } from './disclosure-timeliness';
import type { DisclosureRecord, DisclosuresRepository } from './disclosures.repository';

/** The organizer is reminded this long before a disclosure deadline; milliseconds. */
export const DISCLOSURE_REMINDER_LEAD_MS = 7 * 86_400_000;
const DAY_MS = 86_400_000;

/** A campaign late with a required disclosure, for civil-affairs admins and the statistics dashboard. */
export interface OverdueDisclosure {
  campaignId: string;
  title: string;
  organizationId: string;
  /** The campaign's community, when it has one (the dashboard places it). */
  communityCode?: string;
  status: CampaignRecord['status'];
  dueKind: 'periodic' | 'final';
  /** UTC ISO. */
  dueAt: string;
  /** Whole days past the deadline. */
  overdueDays: number;
}

function toView(d: DisclosureRecord): DisclosureView {
  return {
    id: d._id.toHexString(),
    campaignId: d.campaignId.toHexString(),
    kind: d.kind,
    title: d.title,
    body: d.body,
    spendingLines: d.spendingLines.map((l) => ({ item: l.item, amountFen: l.amountFen })),
    spentFen: d.spendingLines.reduce((sum, l) => sum + l.amountFen, 0),
    publishedAt: d.publishedAt.toISOString(),
  };
}

/**
 * Progress updates, spending reports and the final report of a campaign, and the legal cadence
 * (disclosure-rules.ts): the next deadline is kept on the campaign (recomputed on every lifecycle move
 * and publication) so the overdue list is one indexed query; BullMQ delayed jobs remind the organizer
 * a week before and flag the campaign in the audit trail when the deadline passes unmet.
 */
export class CampaignDisclosures {
  constructor(
    private readonly disclosures: DisclosuresRepository,
    private readonly repository: CampaignsRepository,
    private readonly campaigns: CampaignsService,
    private readonly queues: QueueFactory,
    private readonly inbox: CampaignInbox,
    private readonly trail: AuditTrail,
    private readonly logger: Logger,
    private readonly now: () => Date = () => new Date(),
  ) {}

  async publish(actor: Actor, campaignId: string, input: CreateDisclosureInput): Promise<DisclosureView> {
    const campaign = await this.campaigns.require(campaignId);
    authorize(actor, 'campaign:manage', { organizationId: campaign.organizationId.toHexString() });
    if (campaign.status === 'draft' || campaign.status === 'review') throw new ConflictError('CAMPAIGN_TRANSITION_INVALID', '项目上线后才能发布公示');
    if (input.kind === 'final' && campaign.status === 'live') throw new ConflictError('CAMPAIGN_TRANSITION_INVALID', '项目结束后才能发布结项报告');
    const disclosure = await this.disclosures.insert({
      _id: new Types.ObjectId(), campaignId: campaign._id, kind: input.kind, title: input.title, body: input.body,
      spendingLines: input.spendingLines, publishedAt: this.now(), by: new Types.ObjectId(actor.userId),
    });
    await this.trail.record({
      actor, action: 'campaign:disclose', subject: { type: 'campaign', id: campaignId },
      after: { disclosureId: disclosure._id.toHexString(), kind: input.kind, spentFen: toView(disclosure).spentFen },
    });
    await this.recompute(campaign);
    return toView(disclosure);
  }

  async list(actor: Actor, campaignId: string): Promise<DisclosureView[]> {
    const campaign = await this.campaigns.requireVisible(actor, campaignId);
    return (await this.disclosures.listByCampaign(campaign._id)).map(toView);
  }

  /** Brings the campaign's next deadline up to date and schedules its reminder and check. */
  async recompute(campaign: CampaignRecord): Promise<CampaignRecord> {
    const reports = await this.disclosures.listByCampaign(campaign._id);
    const due = nextDisclosureDue({ ...campaign, reports });
    const updated = await this.repository.setDisclosureDue(campaign._id, due?.dueAt ?? null, due?.kind ?? null);
    if (!updated) return campaign;
    await this.campaigns.remember(updated);
    if (due) await this.schedule(updated._id.toHexString(), due.dueAt);
    return updated;
  }

  /** Campaigns past a disclosure deadline, most overdue first (the civil-affairs list and the dashboard). */
  async listOverdueDisclosures(limit = 200): Promise<OverdueDisclosure[]> {
    const now = this.now();
    return (await this.repository.disclosureOverdue(now, limit)).map((c) => ({
      campaignId: c._id.toHexString(),
      title: c.title,
      organizationId: c.organizationId.toHexString(),
      ...(c.communityCode ? { communityCode: c.communityCode } : {}),
      status: c.status,
      dueKind: c.disclosureDueKind ?? 'final',
      dueAt: c.disclosureDueAt!.toISOString(),
      overdueDays: Math.floor((now.getTime() - c.disclosureDueAt!.getTime()) / DAY_MS),
    }));
  }

  /** The organization's disclosure deadlines due in [from, to) and how they were met (its credit signals). */
  async timeliness(organizationId: string, from: Date, to: Date): Promise<DisclosureTimeliness> {
    const now = this.now();
    const deadlines = [];
    for (const campaign of await this.repository.listPublishedByOrganization(organizationId)) {
      deadlines.push(...pastDeadlines({ ...campaign, reports: await this.disclosures.listByCampaign(campaign._id) }, now));
    }
    return countTimeliness(deadlines, from, to);
  }

  async run(job: CampaignDisclosureJob): Promise<string> {
    const campaign = await this.repository.findById(job.campaignId);
    if (!campaign?.disclosureDueAt || campaign.disclosureDueAt.getTime() !== job.dueAtMs) return 'moved';
    const what = campaign.disclosureDueKind === 'final' ? '结项报告' : '进展公示';
    if (job.kind === 'reminder') {
      await this.inbox.deliver(campaign.createdBy.toHexString(), {
        id: `disclosure-due:${job.campaignId}:${job.dueAtMs}`,
        kind: 'disclosure-due',
        title: '信息公开即将到期',
        body: `「${campaign.title}」的${what}须在 ${formatShanghai(campaign.disclosureDueAt)} 前发布。`,
        data: { campaignId: job.campaignId },
      });
      return 'reminded';
    }
    this.logger.warn({ campaignId: job.campaignId, dueKind: campaign.disclosureDueKind }, 'campaign disclosure overdue');
    await this.trail.record({
      actor: 'system', action: 'campaign:disclosure-overdue', subject: { type: 'campaign', id: job.campaignId },
      after: { dueKind: campaign.disclosureDueKind, dueAt: campaign.disclosureDueAt.toISOString(), organizationId: campaign.organizationId.toHexString() },
    });
    return 'flagged';
  }

  startWorker(): void {
    this.queues.worker<CampaignDisclosureJob>(QUEUE_NAMES.campaignDisclosures, (job) => this.run(job.data));
  }

  private async schedule(campaignId: string, dueAt: Date): Promise<void> {
    const queue = this.queues.queue<CampaignDisclosureJob>(QUEUE_NAMES.campaignDisclosures);
    const dueAtMs = dueAt.getTime();
    const now = this.now().getTime();
    await queue.add('reminder', { campaignId, kind: 'reminder', dueAtMs },
      { jobId: `disc-remind_${campaignId}_${dueAtMs}`, delay: Math.max(0, dueAtMs - DISCLOSURE_REMINDER_LEAD_MS - now) });
    await queue.add('check', { campaignId, kind: 'check', dueAtMs }, { jobId: `disc-check_${campaignId}_${dueAtMs}`, delay: Math.max(0, dueAtMs - now) });
  }
}
