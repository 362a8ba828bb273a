import { formatYuan } from '@tongxin/shared';
import type { QueueFactory } from '../../platform/queues';
import { QUEUE_NAMES, type DonationThanksJob } from '../queues.registry';
import type { ReceiptReminders } from './receipt-reminders';
import type { DonorInbox } from './donor-inbox';
import type { ReceiptsRepository } from './receipts.repository';

/** The one thank-you a paid donation gets: the id is the donation's, so it is stored at most once. */
export function thanksNoticeId(donationId: string): string {
  return `donation-thanks:${donationId}`;
}

/**
 * Thank-you notices, queued by settlement and sent by a worker, so a giving-day burst pays one
 * Redis write per gift on its path and the inbox inserts drain behind it. The job id and the
 * notice id are both the donation's: a replayed notification or a retried job thanks nobody twice.
 */
export class DonationThanks {
  constructor(
    private readonly queues: QueueFactory,
    private readonly receipts: ReceiptsRepository,
    private readonly inbox: DonorInbox,
    /** Then the receipt-window reminder is scheduled (here, off the giving-day path). */
    private readonly reminders: Pick<ReceiptReminders, 'schedule'>,
  ) {}

  async enqueue(donationId: string): Promise<void> {
    await this.queues.queue<DonationThanksJob>(QUEUE_NAMES.donationThanks)
      .add('thank', { donationId }, { jobId: `thanks_${donationId}` });
  }

  /** Sends the notice once the receipt exists (it names the campaign and the receipt number). */
  async send(donationId: string): Promise<'sent' | 'no-receipt'> {
    const receipt = await this.receipts.findIssued(donationId);
    if (!receipt) return 'no-receipt';
    await this.inbox.deliver(receipt.userId.toHexString(), {
      id: thanksNoticeId(donationId),
      kind: 'donation-thanks',
      title: '感谢您的爱心捐赠',
      body: `您为「${receipt.campaignTitle}」捐赠的 ${formatYuan(receipt.amountFen)} 已到账，捐赠票据 ${receipt.number} 已开具。`,
      data: { donationId, campaignId: receipt.campaignId.toHexString() },
    });
    await this.reminders.schedule(donationId, receipt.paidAt);
    return 'sent';
  }

  startWorker(): void {
    this.queues.worker<DonationThanksJob>(QUEUE_NAMES.donationThanks, (job) => this.send(job.data.donationId), { concurrency: 4 });
  }
}
