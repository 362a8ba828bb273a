import { formatShanghai, formatYuan, type CampaignTally, type NotificationData, type NotificationKind } from '@tongxin/shared';
import type { QueueFactory } from '../../platform/queues';
import type { Logger } from '../../platform/logger';
import { QUEUE_NAMES, type CampaignDeadlineJob } from '../queues.registry';
import type { CampaignRecord, CampaignsRepository } from './campaigns.repository';
import type { CampaignsService } from './campaigns.service';
import type { CampaignTallies } from './campaigns.tally';
import type { CampaignFollowers } from './followers';

/** "Ending soon" goes out this long before a campaign's end; milliseconds. */
export const ENDING_SOON_LEAD_MS = 24 * 3_600_000;
/** Notices delivered at once while fanning out to a campaign's followers and donors. */
const FAN_OUT = 20;

/** What this module needs of the notifications module (wired in runtime.ts). */
export interface CampaignInbox {
  deliver(userId: string, notice: { id: string; kind: NotificationKind; title: string; body: string; data: NotificationData }): Promise<unknown>;
}

/** Ends a live campaign on behalf of the system (the lifecycle's own move, audited). */
export type SystemEnd = (campaign: CampaignRecord, reason: 'period-over' | 'goal-reached') => Promise<boolean>;

/** Donors' money and matched money together reach the goal. */
export function goalReached(tally: Pick<CampaignTally, 'raisedFen' | 'matchedFen' | 'goalFen'>): boolean {
  return tally.raisedFen + tally.matchedFen >= tally.goalFen;
}

/**
 * A live campaign's deadlines as BullMQ delayed jobs (ids derived from the campaign and its end, so
 * scheduling twice adds nothing, and an extension schedules new ones while the old ones find the end
 * moved and do nothing). Notices go to followers and donors under `campaign-ending-soon:<c>:<u>` and
 * `campaign-ended:<c>:<u>`: one per user per campaign, however often a job runs.
 */
export class CampaignDeadlines {
  constructor(
    private readonly queues: QueueFactory,
    private readonly repository: CampaignsRepository,
    private readonly campaigns: CampaignsService,
    private readonly tallies: CampaignTallies,
    private readonly followers: CampaignFollowers,
    private readonly inbox: CampaignInbox,
    private readonly logger: Logger,
    private readonly now: () => Date = () => new Date(),
  ) {}

  /** Lifecycle's hook for ending: set once by the module factory (the lifecycle needs this class too). */
  endBySystem: SystemEnd | undefined;

  private get queue() {
    return this.queues.queue<CampaignDeadlineJob>(QUEUE_NAMES.campaignDeadlines);
  }

  /** Went live or was extended: the end and, if still ahead, the ending-soon notice. */
  async schedule(campaign: CampaignRecord): Promise<void> {
    const campaignId = campaign._id.toHexString();
    const endsAtMs = campaign.endsAt.getTime();
    const now = this.now().getTime();
    await this.queue.add('end', { campaignId, kind: 'end', endsAtMs }, { jobId: `end_${campaignId}_${endsAtMs}`, delay: Math.max(0, endsAtMs - now) });
    if (endsAtMs - ENDING_SOON_LEAD_MS > now) {
      await this.queue.add('ending-soon', { campaignId, kind: 'ending-soon', endsAtMs },
        { jobId: `soon_${campaignId}_${endsAtMs}`, delay: endsAtMs - ENDING_SOON_LEAD_MS - now });
    }
  }

  /** After a gift: a campaign that ends on reaching its goal is ended by a job (once: the job id is the campaign's). */
  async afterGift(campaign: CampaignRecord, tally: CampaignTally): Promise<void> {
    if (!campaign.endsOnGoal || campaign.status !== 'live' || !goalReached(tally)) return;
    const campaignId = campaign._id.toHexString();
    await this.queue.add('goal', { campaignId, kind: 'goal' }, { jobId: `goal_${campaignId}` });
  }

  /** The campaign ended (by a job or by hand): tell its followers and donors. */
  async ended(campaignId: string): Promise<void> {
    await this.queue.add('ended', { campaignId, kind: 'ended' }, { jobId: `ended_${campaignId}` });
  }

  async run(job: CampaignDeadlineJob): Promise<string> {
    const campaign = await this.repository.findById(job.campaignId);
    if (!campaign) return 'gone';
    const current = job.endsAtMs === undefined || campaign.endsAt.getTime() === job.endsAtMs;
    switch (job.kind) {
      case 'end':
        if (!current || campaign.status !== 'live' || campaign.endsAt > this.now()) return 'moved';
        return this.end(campaign, 'period-over');
      case 'goal': {
        const tally = await this.tallies.read(job.campaignId);
        if (campaign.status !== 'live' || !campaign.endsOnGoal || !tally || !goalReached(tally)) return 'not-reached';
        return this.end(campaign, 'goal-reached');
      }
      case 'ending-soon':
        if (!current || campaign.status !== 'live') return 'moved';
        return `notified ${await this.tell(campaign, 'campaign-ending-soon')}`;
      case 'ended':
        if (campaign.status !== 'ended' && campaign.status !== 'closed') return 'not-ended';
        return `notified ${await this.tell(campaign, 'campaign-ended')}`;
    }
  }

  /** Ends every live campaign whose period is over; returns how many. */
  async endOverdue(): Promise<number> {
    let ended = 0;
    for (const campaign of await this.repository.liveEndedBefore(this.now())) {
      if ((await this.end(campaign, 'period-over')) === 'period-over') ended += 1;
    }
    return ended;
  }

  startWorker(): void {
    this.queues.worker<CampaignDeadlineJob>(QUEUE_NAMES.campaignDeadlines, (job) => this.run(job.data), { concurrency: 2 });
  }

  private async end(campaign: CampaignRecord, reason: 'period-over' | 'goal-reached'): Promise<string> {
    if (!this.endBySystem) throw new Error('campaign deadlines: no lifecycle wired');
    // A campaign someone else ended meanwhile has its notice queued by that move.
    if (!(await this.endBySystem(campaign, reason))) return 'already-ended';
    this.logger.info({ campaignId: campaign._id.toHexString(), reason }, 'campaign ended');
    return reason;
  }

  private async tell(campaign: CampaignRecord, kind: 'campaign-ending-soon' | 'campaign-ended'): Promise<number> {
    const campaignId = campaign._id.toHexString();
    const [followers, donors, tally] = await Promise.all([
      this.followers.userIdsOf(campaign._id), this.tallies.donorIds(campaignId), this.tallies.read(campaignId),
    ]);
    const raisedFen = (tally?.raisedFen ?? campaign.raisedFen) + (tally?.matchedFen ?? campaign.matchedFen);
    const notice = kind === 'campaign-ending-soon'
      ? { title: '项目即将结束', body: `您关注或支持的「${campaign.title}」将于 ${formatShanghai(campaign.endsAt)} 结束募捐，目前已筹 ${formatYuan(raisedFen)}。` }
      : { title: '项目已结束', body: `「${campaign.title}」已结束募捐，共筹得 ${formatYuan(raisedFen)}，感谢您的关注与支持。` };
    const recipients = [...new Set([...followers, ...donors])];
    for (let i = 0; i < recipients.length; i += FAN_OUT) {
      await Promise.all(recipients.slice(i, i + FAN_OUT).map((userId) =>
        this.inbox.deliver(userId, { id: `${kind}:${campaignId}:${userId}`, kind, ...notice, data: { campaignId } })));
    }
    return recipients.length;
  }
}
