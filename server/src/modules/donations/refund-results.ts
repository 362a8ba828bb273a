import { formatYuan, type RefundStatus } from '@tongxin/shared';
import type { AuditTrail } from '../audit/audit.port';
import type { CampaignFunding } from '../campaigns';
import { AppError } from '../../platform/errors';
import type { Logger } from '../../platform/logger';
import type { DonorInbox } from './donor-inbox';
import type { DonationsRepository, LedgerEntryRecord } from './donations.repository';
import type { ProviderRefundResult } from './refund-provider';
import type { RefundRequestRecord } from './refunds.repository';

/** What one provider result did: moved the refund to a new status, or nothing (a replay, or still waiting). */
export type RefundOutcome = 'succeeded' | 'closed' | 'abnormal' | 'waiting' | 'unchanged';

/** A move still owing its notices this long after it was made was left so by a crash (a live one takes milliseconds). */
export const NOTICE_OWED_AFTER_MS = 60_000;

/** Owed moves finished per reconciliation run. */
const OWED_BATCH = 200;

/** Statuses a refund can still leave; `succeeded` and `closed` are final, as they are at WeChat Pay. */
const OPEN: readonly RefundStatus[] = ['processing', 'abnormal'];

type Told = Exclude<RefundStatus, 'processing'>;

const DONOR_TEXT: Record<Told, { title: string; body: (yuan: string) => string }> = {
  succeeded: { title: '退款已到账', body: (y) => `募捐机构为您办理的 ${y} 退款已原路退回，请留意支付账户。` },
  abnormal: { title: '退款遇到问题', body: (y) => `${y} 退款原路退回未成功（如银行卡已注销），募捐机构正在处理，请耐心等待。` },
  closed: { title: '退款已关闭', body: (y) => `${y} 退款已关闭，款项未退回。如有疑问，请联系募捐机构。` },
};

const ORGANIZER_TEXT: Record<Told, { title: string; body: (yuan: string) => string }> = {
  succeeded: { title: '退款已完成', body: (y) => `${y} 退款已退回捐赠人，募捐进度已同步扣减。` },
  abnormal: { title: '退款异常，请处理', body: (y) => `${y} 退款原路退回失败，请在微信支付商户平台处理异常退款。` },
  closed: { title: '退款已关闭', body: (y) => `${y} 退款已关闭，款项未退回捐赠人；如仍需退款，请重新发起。` },
};

/**
 * Applies what the provider says about a refund, however often it says it (notification replays,
 * polls, the refund call's own answer): only `SUCCESS` writes the ledger entry (insert-once under the
 * refund's `_id`, then the tally and the matching pool move), and every status moves by a conditional
 * update, which is also the gate for telling the donor and the organization's admins once. The move
 * records its notices as owed in the same update; they are cleared when sent, and reconciliation
 * sends any a crash left owed (`tellOwed`), so a move is always told (and audited at least once).
 */
export class RefundResults {
  constructor(
    private readonly donations: DonationsRepository,
    private readonly funding: Pick<CampaignFunding, 'recordRefund'>,
    private readonly audit: AuditTrail,
    private readonly inbox: DonorInbox,
    /** The organization's admins now (user ids): each is told of every refund's result. */
    private readonly adminsOf: (organizationId: string) => Promise<string[]>,
    private readonly logger: Logger,
    private readonly now: () => Date = () => new Date(),
  ) {}

  /** Throws REFUND_UNKNOWN for a refund we never asked for and PAYMENT_MISMATCH when the amount differs: nothing changes. */
  async apply(result: ProviderRefundResult): Promise<RefundOutcome> {
    const request = await this.donations.refunds.find(result.refundId);
    if (!request || request.donationId.toHexString() !== result.donationId) throw new AppError('REFUND_UNKNOWN', `no refund ${result.refundId}`);
    if (result.amountFen !== request.amountFen) throw new AppError('PAYMENT_MISMATCH', `refund ${request._id}: ${result.amountFen} fen reported, ${request.amountFen} asked`);
    switch (result.status) {
      case 'SUCCESS': return this.succeed(request, result);
      case 'ABNORMAL': return this.move(request, ['processing'], 'abnormal', result);
      case 'CLOSED': return this.move(request, OPEN, 'closed', result);
      default: return 'waiting';
    }
  }

  private async succeed(request: RefundRequestRecord, result: ProviderRefundResult): Promise<RefundOutcome> {
    if (request.status === 'closed') {
      // WeChat Pay never reopens a closed refund; a success after it is not believed.
      this.logger.error({ refundId: request._id }, 'refund success reported after it was closed: ignored');
      return 'unchanged';
    }
    const recordedAt = this.now();
    // A refund of a donation on the leaderboard is marked so too: the board is rebuilt from the ledger alone.
    const onBoard = (await this.donations.findDonation(request.donationId))?.onLeaderboard === true;
    const at = result.succeededAt && !Number.isNaN(result.succeededAt.getTime()) ? result.succeededAt : recordedAt;
    const entry: LedgerEntryRecord = {
      _id: request._id, kind: 'refund', donationId: request.donationId, campaignId: request.campaignId, userId: request.userId,
      amountFen: request.amountFen, matchReturnedFen: request.matchReturnedFen, reason: request.reason, by: request.by,
      idempotencyKey: request.idempotencyKey, at, recordedAt, ...(onBoard ? { leaderboardName: '' } : {}),
    };
    // The ledger insert is the gate: a crash after it leaves the tally to reconciliation, never counts twice.
    if (await this.donations.appendLedger(entry)) {
      await this.funding.recordRefund(request.campaignId, request.amountFen, request.matchReturnedFen, { id: entry._id, recordedAt },
        onBoard ? request.userId.toHexString() : undefined);
    }
    return this.move(request, OPEN, 'succeeded', result, { succeededAt: at });
  }

  private async move(
    request: RefundRequestRecord, from: readonly RefundStatus[], to: Told, result: ProviderRefundResult, extra: Partial<RefundRequestRecord> = {},
  ): Promise<RefundOutcome> {
    const moved = await this.donations.refunds.move(request._id, from, {
      status: to, updatedAt: this.now(), ...extra, ...(result.providerRefundId ? { providerRefundId: result.providerRefundId } : {}),
    });
    if (!moved) return 'unchanged';
    this.logger.info({ refundId: request._id, from: request.status, to }, 'refund status moved');
    await this.finish(moved, to, { status: request.status });
    return to;
  }

  /**
   * Finishes the moves a crash left owing their audit entry and notices (moved over a minute ago, so
   * none is still being told by a live process); the notices' ids make a second telling a no-op.
   * Returns how many were finished.
   */
  async tellOwed(): Promise<number> {
    const owing = await this.donations.refunds.owingNotices(new Date(this.now().getTime() - NOTICE_OWED_AFTER_MS), OWED_BATCH);
    let told = 0;
    for (const request of owing) {
      // Set together with the status; a record where they differ was changed by hand: its notice is not ours to send.
      if (request.noticeOwed !== request.status || request.status === 'processing') continue;
      this.logger.warn({ refundId: request._id, status: request.status }, 'refund result told after a crash');
      await this.finish(request, request.status, {});
      told += 1;
    }
    return told;
  }

  /** The move's audit entry and notices; then it owes nothing. */
  private async finish(moved: RefundRequestRecord, to: Told, before: { status?: RefundStatus }): Promise<void> {
    await this.audit.record({
      actor: 'system', action: 'donation:refund-result', subject: { type: 'donation', id: moved.donationId.toHexString() },
      before: { refundId: moved._id, ...before }, after: { refundId: moved._id, status: to, amountFen: moved.amountFen },
    });
    await this.tell(moved, to);
    await this.donations.refunds.settleNotice(moved._id, to);
  }

  private async tell(request: RefundRequestRecord, to: Told): Promise<void> {
    const yuan = formatYuan(request.amountFen);
    const data = { donationId: request.donationId.toHexString(), campaignId: request.campaignId.toHexString(), refundId: request._id };
    await this.inbox.deliver(request.userId.toHexString(), {
      id: `refund-result:${request._id}:${to}`, kind: 'refund-result', title: DONOR_TEXT[to].title, body: DONOR_TEXT[to].body(yuan), data,
    });
    const admins = await this.adminsOf(request.organizationId.toHexString());
    if (admins.length === 0) this.logger.warn({ refundId: request._id, organizationId: request.organizationId.toHexString() }, 'refund result: the organization has no admin to tell');
    for (const adminId of admins) {
      await this.inbox.deliver(adminId, {
        id: `refund-handling:${request._id}:${to}:${adminId}`, kind: 'refund-handling',
        title: ORGANIZER_TEXT[to].title, body: ORGANIZER_TEXT[to].body(yuan), data,
      });
    }
  }
}
