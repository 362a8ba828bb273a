import type { QueueFactory } from '../../platform/queues';
import type { Logger } from '../../platform/logger';
import { QUEUE_NAMES, type RefundPollJob } from '../queues.registry';
import type { DonationsRepository } from './donations.repository';
import { RefundRefusedError, refundOrderOf, type PaymentRefunder, type ProviderRefundResult, type RefundOrder } from './refund-provider';
import type { RefundOutcome, RefundResults } from './refund-results';

export interface RefundPollOptions {
  /** Before the first poll, ms; later polls wait twice as long each time, up to MAX_GAP_MS. */
  firstDelayMs: number;
  /** Polls per refund before the chain stops (the hourly sweep still asks). */
  maxAttempts: number;
}

/** WeChat Pay returns card refunds within 1–3 working days: past this gap, one poll every 6 h. */
const MAX_GAP_MS = 6 * 3_600_000;
/** Refunds the sweep asks about per run. */
const SWEEP_BATCH = 200;

/**
 * Asks the provider about refunds whose result notification has not come, so a lost notification
 * cannot leave a refund (and the amount it holds back) processing for ever: a delayed job per refund
 * (`refund-poll_<refundId>_<attempt>`, first after `firstDelayMs`, then backing off), and an hourly
 * sweep for refunds whose chain of jobs was lost with Redis. A refund the provider does not know
 * (the request never reached it) is asked for again under the same id.
 */
export class RefundPolls {
  constructor(
    private readonly queues: QueueFactory,
    private readonly donations: DonationsRepository,
    private readonly refunder: PaymentRefunder,
    private readonly results: Pick<RefundResults, 'apply'>,
    private readonly options: RefundPollOptions,
    private readonly logger: Logger,
    private readonly now: () => Date = () => new Date(),
  ) {}

  delayOf(attempt: number): number {
    return Math.min(this.options.firstDelayMs * 2 ** attempt, MAX_GAP_MS);
  }

  async schedule(refundId: string, attempt: number): Promise<void> {
    await this.queues.queue<RefundPollJob>(QUEUE_NAMES.refundPolls).add('poll', { refundId, attempt }, {
      // BullMQ refuses ':' in custom job ids.
      jobId: `refund-poll_${refundId.replaceAll(':', '_')}_${attempt}`,
      delay: this.delayOf(attempt),
    });
  }

  /** One poll: asks the provider and applies its answer; still open, the next poll is scheduled. */
  async poll(refundId: string, attempt: number | null): Promise<RefundOutcome | 'final' | 'gone'> {
    const outcome = await this.ask(refundId);
    if (outcome !== 'waiting' || attempt === null) return outcome;
    if (attempt + 1 < this.options.maxAttempts) await this.schedule(refundId, attempt + 1);
    else this.logger.error({ refundId, attempts: attempt + 1 }, 'refund still open after every poll; the hourly sweep keeps asking');
    return outcome;
  }

  /** Refunds still open an hour after they were asked for, asked about now (the job scheduler's run). */
  async sweep(): Promise<{ asked: number }> {
    const waiting = await this.donations.refunds.waiting(new Date(this.now().getTime() - 3_600_000), SWEEP_BATCH);
    for (const request of waiting) {
      await this.ask(request._id).catch((err: unknown) => this.logger.warn({ err, refundId: request._id }, 'refund poll failed'));
    }
    return { asked: waiting.length };
  }

  startWorker(): void {
    this.queues.worker<RefundPollJob>(QUEUE_NAMES.refundPolls, (job) => this.poll(job.data.refundId, job.data.attempt), { concurrency: 2 });
  }

  private async ask(refundId: string): Promise<RefundOutcome | 'final' | 'gone'> {
    const request = await this.donations.refunds.find(refundId);
    if (!request) return 'gone';
    if (request.status === 'succeeded' || request.status === 'closed') return 'final';
    const donation = await this.donations.findDonation(request.donationId);
    if (!donation) return 'gone';
    const order = refundOrderOf(donation, request);
    const answer = await this.refunder.query(order);
    const outcome = await this.results.apply(answer.status === 'UNKNOWN' ? await this.askAgain(order) : answer);
    // An abnormal refund needs the organization's hand, and may still succeed: keep asking.
    return outcome === 'abnormal' || (outcome === 'unchanged' && request.status === 'abnormal') ? 'waiting' : outcome;
  }

  /** The provider never got the refund: ask for it now; an outright refusal closes it (nothing was refunded). */
  private async askAgain(order: RefundOrder): Promise<ProviderRefundResult> {
    try {
      return await this.refunder.refund(order);
    } catch (error) {
      if (!(error instanceof RefundRefusedError)) throw error;
      return { refundId: order.refundId, donationId: order.donationId, status: 'CLOSED', amountFen: order.amountFen };
    }
  }
}
