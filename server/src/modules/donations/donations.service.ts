import { createHash } from 'node:crypto';
import { LRUCache } from 'lru-cache';
import { Types } from 'mongoose';
import type { Actor, CreateDonationInput, DonationView, Page, PaymentParams } from '@tongxin/shared';
import { authorize } from '../access';
import { ANONYMOUS_DONOR, type CampaignRecord, type CampaignsService } from '../campaigns';
import type { UsersService } from '../users';
import { AppError, ConflictError, NotFoundError, ValidationError } from '../../platform/errors';
import { SingleFlight } from '../../platform/single-flight';
import type { DonationLimits } from './donations.limits';
import type { DonationRecord, DonationsRepository, LedgerEntryRecord } from './donations.repository';
import { maskName, toDonationView } from './donations.view';
import type { ReceiptRequestsRepository } from './receipt-requests.repository';
import type { DonationReceipts } from './receipts.service';

/** Starts a payment for a pending donation: implemented by the payments module's provider. */
export interface PaymentStarter {
  /** `userId` is the donor (WeChat Pay's JSAPI needs their openid). */
  start(donation: { id: string; userId: string; amountFen: number; description: string }): Promise<PaymentParams>;
}

export interface CreatedDonation {
  donation: DonationView;
  /** True when the Idempotency-Key had been used for this same request before. */
  replayed: boolean;
}

/**
 * What makes two requests "the same donation" under one Idempotency-Key. `onLeaderboard` joins the
 * list only when true, so a key claimed before the leaderboard existed still matches its retry.
 */
function requestHash(campaignId: string, input: CreateDonationInput): string {
  const fields = [campaignId, input.amountFen, input.anonymous, input.message, ...(input.onLeaderboard ? [true] : [])];
  return createHash('sha256').update(JSON.stringify(fields)).digest('hex');
}

/** Masked names of recent donors; a renamed donor shows the new initial within this long. */
const DONOR_NAME_TTL_MS = 60_000;

/** Creating pending donations (idempotently) and showing them to those allowed to see them. */
export class DonationsService {
  private readonly donorNames = new LRUCache<string, string>({ max: 50_000, ttl: DONOR_NAME_TTL_MS });
  /** A donor's gifts started together (a double tap, two campaigns) read the account once. */
  private readonly nameReads = new SingleFlight<string>();

  constructor(
    private readonly repository: DonationsRepository,
    private readonly campaigns: CampaignsService,
    private readonly users: UsersService,
    private readonly payments: PaymentStarter,
    private readonly limits: DonationLimits,
    private readonly receipts: Pick<DonationReceipts, 'numbersOf'>,
    private readonly receiptClaims: Pick<ReceiptRequestsRepository, 'claimsOf'>,
    private readonly now: () => Date = () => new Date(),
  ) {}

  /**
   * Insert-first idempotency: the key `<userId>:<key>` is claimed before anything else. The same key
   * with the same body returns the same donation (even after a crash between the two inserts, since
   * the donation's id is in the key record); the same key with another body is refused.
   */
  async create(actor: Actor, campaignId: string, idempotencyKey: string, input: CreateDonationInput): Promise<CreatedDonation> {
    authorize(actor, 'donation:create');
    this.limits.checkMessage(input.message);
    const hash = requestHash(campaignId, input);
    const keyId = `${actor.userId}:${idempotencyKey}`;
    const fresh = new Types.ObjectId();
    const stored = await this.repository.claimKey({ _id: keyId, requestHash: hash, donationId: fresh, createdAt: this.now() });
    if (stored && stored.requestHash !== hash) throw new AppError('IDEMPOTENCY_KEY_REUSED');
    // Only the request that claimed the key is a new donation and counts against the donor's limits.
    if (!stored) await this.admitOrRelease(actor, keyId, input.amountFen);
    const donationId = stored?.donationId ?? fresh;
    const existing = stored ? await this.repository.findDonation(donationId) : null;
    if (existing) return { donation: await this.view(existing, true), replayed: true };

    const now = this.now();
    const campaign = await this.openCampaign(campaignId, now);
    const donor = input.anonymous ? ANONYMOUS_DONOR : await this.maskedNameOf(actor);
    const donation = await this.repository.insertDonation({
      _id: donationId,
      campaignId: campaign._id,
      organizationId: campaign.organizationId,
      userId: new Types.ObjectId(actor.userId),
      amountFen: input.amountFen,
      anonymous: input.anonymous,
      // Anonymous and on the board is allowed and shown as 爱心人士 (donorName): the donor asked both
      // to be counted and not to be named, and the team boards already list anonymous gifts that way.
      onLeaderboard: input.onLeaderboard,
      message: input.message,
      donorName: donor,
      createdAt: now,
    });
    // The record we just wrote (not a racing retry's) cannot have been paid yet.
    const ours = donation.createdAt === now;
    return { donation: await this.view(donation, true, ours ? { paid: null, match: null } : {}), replayed: stored !== null };
  }

  /**
   * The campaign, if it takes gifts now. The copy this process read up to a second ago is trusted to
   * say yes (the hot path); a no is checked against the store first, since the campaign may have
   * gone live on another replica within that second.
   */
  private async openCampaign(campaignId: string, now: Date): Promise<CampaignRecord> {
    const takesGifts = (c: CampaignRecord) => c.status === 'live' && now >= c.startsAt && now < c.endsAt;
    const recent = await this.campaigns.recent(campaignId);
    if (takesGifts(recent)) return recent;
    const current = await this.campaigns.require(campaignId);
    if (!takesGifts(current)) throw new ConflictError('CAMPAIGN_NOT_LIVE');
    return current;
  }

  async get(actor: Actor, id: string): Promise<DonationView> {
    const donation = await this.repository.findDonation(id);
    if (!donation) throw new NotFoundError('捐赠记录不存在');
    authorize(actor, 'donation:read', { ownerUserId: donation.userId.toHexString(), organizationId: donation.organizationId.toHexString() });
    return this.view(donation, donation.userId.toHexString() === actor.userId);
  }

  /** The donor's own history, newest first, paid ones with their receipt's number and the receipt request holding them. */
  async listMine(actor: Actor, cursor: string | undefined, limit: number): Promise<Page<DonationView>> {
    if (cursor && !/^[a-f0-9]{24}$/.test(cursor)) throw new ValidationError([{ path: 'cursor', message: '分页游标不正确' }]);
    const found = await this.repository.listByUser(actor.userId, cursor ? new Types.ObjectId(cursor) : undefined, limit + 1);
    const page = found.slice(0, limit);
    const [views, numbers, requested] = await Promise.all([
      Promise.all(page.map((d) => this.view(d, false))),
      this.receipts.numbersOf(page.map((d) => d._id)),
      this.receiptClaims.claimsOf(page.map((d) => d._id)),
    ]);
    const items = views.map((v) => {
      const receiptNumber = numbers.get(v.id);
      const receiptRequestId = requested.get(v.id);
      return v.status !== 'paid' ? v : { ...v, ...(receiptNumber ? { receiptNumber } : {}), ...(receiptRequestId ? { receiptRequestId } : {}) };
    });
    return { items, nextCursor: found.length > limit ? items.at(-1)!.id : null };
  }

  /**
   * A donation that may still be paid, for the sandbox cashier: null when it does not exist or this
   * process already knows it paid. Settlement's ledger insert is the real gate.
   */
  async payable(id: string): Promise<DonationRecord | null> {
    const donation = await this.repository.findDonation(id);
    if (!donation || this.repository.knownPaid(donation._id.toHexString())) return null;
    return donation;
  }

  private async admitOrRelease(actor: Actor, keyId: string, amountFen: number): Promise<void> {
    try {
      await this.limits.admit(actor, amountFen, this.now());
    } catch (error) {
      await this.repository.releaseKey(keyId);
      throw error;
    }
  }

  private async maskedNameOf(actor: Actor): Promise<string> {
    const known = this.donorNames.get(actor.userId);
    if (known) return known;
    return this.nameReads.run(actor.userId, async () => {
      const name = maskName((await this.users.getMe(actor)).displayName);
      this.donorNames.set(actor.userId, name);
      return name;
    });
  }

  /**
   * The donation just paid through the sandbox cashier, for its payer: paid and match entries are in
   * this process's memory and a donation paid a moment ago has no refunds, so no store read.
   */
  async justPaid(actor: Actor, id: string): Promise<DonationView> {
    const donation = await this.repository.findDonation(id);
    if (!donation || donation.userId.toHexString() !== actor.userId) return this.get(actor, id);
    return this.view(donation, false, { refundedFen: 0 });
  }

  /** The view with what the caller already knows (a donation just created has no ledger entries). */
  async view(
    donation: DonationRecord,
    withPayment: boolean,
    known: { paid?: LedgerEntryRecord | null; match?: LedgerEntryRecord | null; refundedFen?: number } = {},
  ): Promise<DonationView> {
    const [paid, match] = await Promise.all([
      known.paid !== undefined ? known.paid : this.repository.findLedger(donation._id, 'paid'),
      known.match !== undefined ? known.match : this.repository.findLedger(donation._id, 'match'),
    ]);
    const payment = !paid && withPayment
      ? await this.payments.start({ id: donation._id.toHexString(), userId: donation.userId.toHexString(), amountFen: donation.amountFen, description: '同心公益捐赠' })
      : undefined;
    const refundedFen = !paid ? 0 : known.refundedFen
      ?? (await this.repository.refundsOf(donation._id)).reduce((sum, r) => sum + r.amountFen, 0);
    return toDonationView(donation, paid, match, payment, refundedFen);
  }
}
